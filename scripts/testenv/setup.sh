#!/usr/bin/env bash
# Install everything the real-server tests need that pip does not:
#   Debian packages (debian-packages.sh) and the npm packages of bluesky/.
# Idempotent and quick when nothing changed; safe to call from .ci/run.
#
# The npm packages (~3-5 min to install: better-sqlite3 compiles SQLite) go to
# a cache outside the work tree, keyed by package-lock.json, and
# bluesky/node_modules becomes a symlink to it, so a fresh clone on the same
# machine (as CI makes) reuses them. Set DIALOGO_TESTENV_CACHE to move the cache.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

bash "$here/debian-packages.sh"

if ! command -v npm >/dev/null; then
    echo "setup.sh: npm not found; the Bluesky tests will be skipped" >&2
    exit 0
fi

bluesky="$here/bluesky"
lock_sha="$(sha256sum "$bluesky/package-lock.json" | cut -c1-16)"
if [[ -d "$bluesky/node_modules" && ! -L "$bluesky/node_modules" ]]; then
    # A developer's own `npm install` there: keep it, refresh it when the lock changed.
    stamp="$bluesky/node_modules/.dialogo-lock"
    if [[ "$(cat "$stamp" 2>/dev/null)" != "$lock_sha" ]]; then
        echo "setup.sh: npm ci in scripts/testenv/bluesky" >&2
        (cd "$bluesky" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
        echo "$lock_sha" >"$stamp"
    fi
    exit 0
fi

cache="${DIALOGO_TESTENV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dialogo-testenv}/bluesky-$lock_sha"
if [[ ! -f "$cache/ready" ]]; then
    echo "setup.sh: npm ci for scripts/testenv/bluesky into $cache (a few minutes)" >&2
    rm -rf "$cache"
    mkdir -p "$cache"
    cp "$bluesky/package.json" "$bluesky/package-lock.json" "$cache/"
    (cd "$cache" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    touch "$cache/ready"
fi
ln -sfn "$cache/node_modules" "$bluesky/node_modules"
