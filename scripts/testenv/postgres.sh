#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, on 127.0.0.1 only.
#
#   scripts/testenv/postgres.sh start DIR PORT   # prints DATABASE_URL=postgres://postgres@127.0.0.1:PORT/dialogo
#   scripts/testenv/postgres.sh stop DIR         # stops the server and removes DIR
#
# Durability is off (fsync, synchronous_commit, full_page_writes): the data is
# thrown away after the run. As root the cluster is owned by and runs as the
# `postgres` user; as any other user it runs as that user.
set -euo pipefail

usage() { echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2; }

pg_bindir() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
    if [[ -z "$dir" || ! -x "$dir/initdb" ]]; then
        echo "postgres.sh: no PostgreSQL server under /usr/lib/postgresql/*/bin" \
             "(run scripts/testenv/debian-packages.sh)" >&2
        exit 1
    fi
    echo "$dir"
}

# Run a command as the cluster's owner.
as_owner() {
    if [[ "$(id -u)" == 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start() {
    local dir="$1" port="$2" bin
    bin="$(pg_bindir)"
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        echo "postgres.sh: a server already runs in $dir (stop it first)" >&2
        exit 1
    fi
    rm -rf "$dir/data"
    if [[ "$(id -u)" == 0 ]]; then
        chown postgres: "$dir"
        # The postgres user must be able to reach DIR (e.g. under /tmp/xyz 0700).
        local d="$dir"
        while [[ "$d" != / ]]; do
            d="$(dirname "$d")"
            if ! runuser -u postgres -- test -x "$d"; then chmod o+x "$d"; fi
        done
    fi
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 \
        --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        exit 1
    }
    cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 128MB
EOF
    cat >"$dir/data/pg_hba.conf" <<EOF
local all all trust
host  all all 127.0.0.1/32 trust
EOF
    if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start >/dev/null; then
        cat "$dir/server.log" >&2
        exit 1
    fi
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres dialogo
    echo "DATABASE_URL=postgres://postgres@127.0.0.1:$port/dialogo"
}

stop() {
    local dir="$1" bin
    bin="$(pg_bindir)"
    [[ -d "$dir" ]] || return 0
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

case "${1:-}" in
    start) [[ $# -eq 3 ]] || usage; start "$2" "$3" ;;
    stop) [[ $# -eq 2 ]] || usage; stop "$2" ;;
    *) usage ;;
esac
