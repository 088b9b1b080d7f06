#!/usr/bin/env bash
# A throwaway PostgreSQL for the team-space tests: `start` initialises a cluster in a fresh folder
# under /tmp (the clone may sit in a 0700 root home the postgres user cannot reach), listens on
# 127.0.0.1 only, on a free port, and prints `export` lines (URL, data folder); `stop DIR` stops it
# and removes the folder. Run as root (it runs the server as the postgres user) or as that user.
set -euo pipefail

bin_dir() {
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] || { echo "test-postgres: no PostgreSQL found (apt-get install postgresql)" >&2; exit 1; }
  echo "$d"
}

# From /, so the postgres user never needs to enter the clone's folder.
as_pg() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

case "${1:-}" in
  start)
    BIN=$(bin_dir)
    DIR=$(mktemp -d /tmp/sb-pg-XXXXXX)
    trap 'cat "$DIR/log" >&2 2>/dev/null; rm -rf "$DIR"' ERR   # a cluster that did not start leaves nothing behind
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
    PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close()})')
    PASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
    printf '%s\n' "$PASSWORD" >"$DIR/pw"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR/pw"
    # Password authentication over TCP, so the tests prove the password travels the way users give it.
    as_pg "$BIN/initdb" -D "$DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 --pwfile="$DIR/pw" -E UTF8 >/dev/null
    rm -f "$DIR/pw"
    # Settings in the cluster's own file, so a test can stop and start it again with no options.
    printf "listen_addresses = '127.0.0.1'\nport = %s\nunix_socket_directories = '%s'\nmax_connections = 200\nfsync = off\n" "$PORT" "$DIR" \
      | as_pg tee -a "$DIR/data/postgresql.auto.conf" >/dev/null
    as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -t 30 start >/dev/null
    echo "export SWITCHBOARD_TEST_PG_URL=postgres://postgres@127.0.0.1:$PORT/postgres"
    echo "export SWITCHBOARD_TEST_PG_PASSWORD=$PASSWORD"
    echo "export SWITCHBOARD_TEST_PG_DIR=$DIR"
    echo "export SWITCHBOARD_TEST_PG_BIN=$BIN"
    ;;
  server-stop|server-start)
    # Used by the tests: stop or start the running cluster in DIR without removing it.
    DIR=${2:?usage: test-postgres.sh server-stop|server-start DIR}
    BIN=$(bin_dir)
    if [ "$1" = server-stop ]; then as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null
    else as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -t 30 start >/dev/null; fi
    ;;
  stop)
    DIR=${2:?usage: test-postgres.sh stop DIR}
    BIN=$(bin_dir)
    as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
    ;;
  *)
    echo "usage: test-postgres.sh start | stop DIR" >&2
    exit 2
    ;;
esac
