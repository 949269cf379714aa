#!/usr/bin/env bash
# Installs what the tests need, starts PostgreSQL and Redis on private loopback ports, runs the given
# command against them (DATABASE_URL and REDIS_URL exported), and stops both servers whatever happens.
# `make test` and `make bench` use it: scripts/with_servers.sh .venv/bin/python -m pytest ...
# With --engine first, it makes .venv-engine ready too (the engine lane: scripts/with_servers.sh --engine ...).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_debian_packages /usr/lib/postgresql/15/bin/postgres=postgresql redis-server=redis-server chromium=chromium
ensure_venv requirements/dev.txt
if [ "${1:-}" = --engine ]; then
  shift
  ensure_engine_venv
fi

run_dir=$(mktemp -d /tmp/jobscraper-test.XXXXXX)
pg_port=${TEST_PG_PORT:-$(free_port)}
redis_port=${TEST_REDIS_PORT:-$(free_port)}
pg_bin=$(postgres_bin)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  # PostgreSQL refuses to run as root.
  chown postgres "$run_dir"
  as_pg=(runuser -u postgres --)
fi

stop_servers() {
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$run_dir/pg" -m immediate stop >/dev/null 2>&1 || true
  [ -f "$run_dir/redis.pid" ] && kill "$(cat "$run_dir/redis.pid")" 2>/dev/null || true
  rm -rf "$run_dir"
}
trap stop_servers EXIT

say "starting PostgreSQL on 127.0.0.1:$pg_port and Redis on 127.0.0.1:$redis_port"
"${as_pg[@]}" "$pg_bin/initdb" -D "$run_dir/pg" --auth=trust -U postgres >/dev/null
# fsync off: a test database need not survive a power cut, and this makes the suite much faster. WAL capped at 64 MB
# (checkpoints more often, cheap without fsync): by default it grows to ~320 MB in a test run, on machines whose disk
# may be nearly full.
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$run_dir/pg" -l "$run_dir/pg/server.log" -w \
  -o "-p $pg_port -k $run_dir/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
  -c max_wal_size=64MB -c min_wal_size=32MB" \
  start >/dev/null
redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --pidfile "$run_dir/redis.pid" \
  --save "" --appendonly no --logfile "$run_dir/redis.log"

export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/jobscraper"
export REDIS_URL="redis://127.0.0.1:$redis_port/0"
export SECRET_KEY="test-only-secret-key-0123456789abcdefghijklmnop"
export JOBSCRAPER_VAR_DIR="$run_dir/var"
export TEST_ARTIFACTS_DIR="${TEST_ARTIFACTS_DIR:-$PWD/test-artifacts}"
mkdir -p "$JOBSCRAPER_VAR_DIR" "$TEST_ARTIFACTS_DIR"

set +e
"$@"
status=$?
set -e
exit $status
