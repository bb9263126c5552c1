#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests: `start` prints its URL, `stop` removes it.
set -euo pipefail
dir=${MAITRED_PG_DIR:-/tmp/maitred-pg}
port=${MAITRED_PG_PORT:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || exit 1
as_postgres() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
case "${1:-}" in
  start)
    rm -rf "$dir"; mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_postgres "$bin/initdb -A trust -U postgres -D $dir/data" >/dev/null
    as_postgres "$bin/pg_ctl -D $dir/data -o '-p $port -k $dir -c fsync=off' -w -l $dir/log start" >/dev/null
    echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_postgres "$bin/pg_ctl -D $dir/data -m fast -w stop" >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: postgres.sh start|stop" >&2; exit 2 ;;
esac
