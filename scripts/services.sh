#!/usr/bin/env bash
# Decide which database and broker the test suite uses, and print shell exports for them.
#   - PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 when they answer (started first if installed
#     but stopped);
#   - otherwise SQLite and an in-memory broker, with a visible notice;
#   - with REQUIRE_SERVICES=1 (CI), a missing PostgreSQL or Redis is an error, never a silent fallback.
# PGDATABASE names the database (default pmo_portal; the tests use test_<name>, test_<name>_gw0… under xdist):
# give each checkout its own when several run their tests on one PostgreSQL at the same time.
set -uo pipefail
PGHOST=${PGHOST:-127.0.0.1}; PGPORT=${PGPORT:-5432}; PGUSER=${PGUSER:-postgres}; PGDATABASE=${PGDATABASE:-pmo_portal}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}; REDIS_PORT=${REDIS_PORT:-6379}
require=${REQUIRE_SERVICES:-0}

pg_up() { pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; }
redis_up() { (exec 3<>"/dev/tcp/$REDIS_HOST/$REDIS_PORT" && printf 'PING\r\n' >&3 && timeout 2 head -c 5 <&3 | grep -q PONG) 2>/dev/null; }

if ! pg_up && [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null; then
  echo ">> starting PostgreSQL" >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start >&2 || true
  for _ in $(seq 1 20); do pg_up && break; sleep 0.5; done
fi
if ! redis_up && command -v redis-server >/dev/null; then
  echo ">> starting Redis" >&2
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no >&2 || true
  for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
fi

if pg_up; then
  # The test database is created by pytest-django; the main one must exist for the management checks.
  if ! psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$PGDATABASE'" 2>/dev/null | grep -q 1; then
    createdb -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$PGDATABASE" >&2 || true
  fi
  echo "export DATABASE_URL=postgres://$PGUSER@$PGHOST:$PGPORT/$PGDATABASE"
else
  if [ "$require" = 1 ]; then echo "!! PostgreSQL is required (REQUIRE_SERVICES=1) but not reachable at $PGHOST:$PGPORT" >&2; exit 1; fi
  echo "!! NOTICE: PostgreSQL not reachable: the tests run on SQLite" >&2
  echo "unset DATABASE_URL"
fi
if redis_up; then
  echo "export REDIS_URL=redis://$REDIS_HOST:$REDIS_PORT/0"
else
  if [ "$require" = 1 ]; then echo "!! Redis is required (REQUIRE_SERVICES=1) but not reachable at $REDIS_HOST:$REDIS_PORT" >&2; exit 1; fi
  echo "!! NOTICE: Redis not reachable: the tests use an in-memory broker" >&2
  echo "unset REDIS_URL"
fi
