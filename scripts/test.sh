#!/usr/bin/env bash
# The whole test suite: on SQLite, then on a throwaway PostgreSQL. Called by `make test`.
# As root on Debian it installs what the tests need; elsewhere it runs what it can and says
# what it skipped. With CI=true nothing may be skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
CI="${CI:-false}"
export CI
skipped=()

# Debian packages (as root on Debian) and the npm packages of the local Bluesky network.
bash scripts/testenv/setup.sh || { echo "test.sh: setting up the test servers failed" >&2; exit 1; }

PGDIR="$(mktemp -d /tmp/dialogo-pg.XXXXXX)"
PGPORT="${PGPORT:-$(( 20000 + RANDOM % 20000 ))}"
cleanup() { bash scripts/testenv/postgres.sh stop "$PGDIR" >/dev/null 2>&1 || true; rm -rf "$PGDIR"; }
trap cleanup EXIT

PG_URL=""
if out="$(bash scripts/testenv/postgres.sh start "$PGDIR" "$PGPORT" 2>/tmp/dialogo-pg.log)"; then
    PG_URL="$(printf '%s\n' "$out" | sed -n 's/^DATABASE_URL=//p' | tail -1)"
fi
if [ -z "$PG_URL" ]; then
    echo "test.sh: PostgreSQL could not be started (see /tmp/dialogo-pg.log)" >&2
    skipped+=("the PostgreSQL run")
fi
export TEST_POSTGRES_URL="$PG_URL"

run_pytest() {
    "$BIN/python" -m pytest -p no:cacheprovider "$@"
    local rc=$?
    if [ $rc -eq 5 ]; then echo "test.sh: pytest collected no tests" >&2; return 1; fi
    return $rc
}

echo "== Suite on SQLite (tests that need PostgreSQL run in the second pass) =="
run_pytest -m "not postgres_only" "$@"; rc_sqlite=$?

rc_pg=0
if [ -n "$PG_URL" ]; then
    echo "== Suite on PostgreSQL (browser tests ran on SQLite) =="
    DATABASE_URL="$PG_URL" run_pytest -m "not browser and not services and not sqlite_only" "$@"; rc_pg=$?
fi

if [ ${#skipped[@]} -gt 0 ]; then
    echo "test.sh: SKIPPED: ${skipped[*]}" >&2
    if [ "$CI" = "true" ]; then echo "test.sh: CI=true forbids skipping" >&2; exit 1; fi
fi
[ $rc_sqlite -eq 0 ] && [ $rc_pg -eq 0 ]
