# Sourced by .ci/run: a throw-away PostgreSQL cluster for the audit-log tests, on 127.0.0.1 and a
# free port, owned by the unprivileged `postgres` user (initdb refuses root). Exports
# DOCGEN_TEST_POSTGRES and registers a trap that stops the server and deletes the cluster.
# shellcheck shell=bash

if [ "$(id -u)" = 0 ]; then
  apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends postgresql >/dev/null
fi
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PG_DIR=$(mktemp -d /tmp/docgen-ci-pg.XXXXXX)
PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres: "$PG_DIR"; fi
chmod 700 "$PG_DIR"
as_pg "$PG_BIN/initdb" --pgdata "$PG_DIR/data" --username docgen --auth trust --encoding UTF8 \
  --no-locale >/dev/null
as_pg "$PG_BIN/pg_ctl" --pgdata "$PG_DIR/data" --log "$PG_DIR/server.log" --wait \
  --options "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DIR" start >/dev/null
stop_postgres() {
  as_pg "$PG_BIN/pg_ctl" --pgdata "$PG_DIR/data" --mode fast --wait stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap stop_postgres EXIT
as_pg "$PG_BIN/createdb" --host 127.0.0.1 --port "$PG_PORT" --username docgen docgen_test
export DOCGEN_TEST_POSTGRES="postgresql://docgen@127.0.0.1:$PG_PORT/docgen_test"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') for the tests at $DOCGEN_TEST_POSTGRES"
