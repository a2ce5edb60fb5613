#!/usr/bin/env bash
# Install the Debian packages the test suite's real servers need.
#
# Idempotent and quiet: when everything is already installed it only runs one
# dpkg-query and exits. Not root or not Debian: prints what it would install and
# exits 0, so developers on other systems can read the list.
#
# Usage: scripts/testenv/debian-packages.sh [--print]
set -euo pipefail

PACKAGES=(
    # SQL databases: the suite's PostgreSQL (scripts/testenv/postgres.sh) and SQLite.
    postgresql
    sqlite3
    # Browser tests.
    chromium
    # Translations (compilemessages).
    gettext
    # E-mail channel: Dovecot IMAP + dovecot-lda (dovecot-core).
    dovecot-core
    dovecot-imapd
    # WordPress channel: WordPress served by `php -S`, on a throwaway MariaDB.
    mariadb-server
    wordpress
    php-cli
    php-mysql
)

if [[ "${1:-}" == "--print" ]]; then
    printf '%s\n' "${PACKAGES[@]}"
    exit 0
fi

if [[ ! -r /etc/debian_version ]] || [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
    echo "debian-packages.sh: not root on Debian; the test suite needs these Debian packages:" >&2
    echo "  ${PACKAGES[*]}" >&2
    exit 0
fi

# Which of them are missing? (dpkg-query is fast; apt-get is not.)
missing=()
for pkg in "${PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
    [[ "$status" == "installed" ]] || missing+=("$pkg")
done
if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi
echo "debian-packages.sh: installing ${missing[*]}" >&2

export DEBIAN_FRONTEND=noninteractive
APT_OPTS=(-o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)

# Keep the packages' own system services (PostgreSQL on 5432, MariaDB, Dovecot,
# Apache pulled in by wordpress) from starting: the tests start their own
# throwaway servers on loopback. policy-rc.d exit 101 = "action forbidden".
created_policy=""
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    created_policy=1
fi
cleanup() { [[ -z "$created_policy" ]] || rm -f /usr/sbin/policy-rc.d; }
trap cleanup EXIT

# Refresh the package lists once when they are empty or older than a day.
lists=/var/lib/apt/lists
newest="$(find "$lists" -maxdepth 1 -name '*_Packages*' -printf '%T@\n' 2>/dev/null | sort -n | tail -1)"
if [[ -z "$newest" ]] || (( $(date +%s) - ${newest%.*} > 86400 )); then
    apt-get "${APT_OPTS[@]}" update -qq >/dev/null
fi

install() { apt-get "${APT_OPTS[@]}" install -y -qq "${missing[@]}" >/tmp/debian-packages.$$.log 2>&1; }
if ! install; then
    # Stale lists (a package version gone from the mirror): update and try once more.
    apt-get "${APT_OPTS[@]}" update -qq >/dev/null
    if ! install; then
        tail -40 /tmp/debian-packages.$$.log >&2
        rm -f /tmp/debian-packages.$$.log
        exit 1
    fi
fi
rm -f /tmp/debian-packages.$$.log
echo "debian-packages.sh: done" >&2
