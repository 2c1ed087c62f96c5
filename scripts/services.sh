#!/usr/bin/env bash
# PostgreSQL and Redis on loopback, for the services test pass and benchmarks.
#
#   scripts/services.sh start   install (Debian packages, as root) what is missing,
#                               start both, create the databases, wait until they answer
#   scripts/services.sh stop    stop what this script started
#   scripts/services.sh status
#
# A server already answering on the port is used as it is. Otherwise this script runs
# its own PostgreSQL cluster (trust authentication, loopback only) and its own Redis
# (no persistence) under SERVICES_DIR, leaving the system's clusters and configuration
# alone. Variables: SERVICES_DIR (default /tmp/portal-services), PG_PORT (5432),
# REDIS_PORT (6379), PG_DATABASES (databases to create, default "portal_ci").
set -uo pipefail

SERVICES_DIR="${SERVICES_DIR:-/tmp/portal-services}"
PG_PORT="${PG_PORT:-5432}"
REDIS_PORT="${REDIS_PORT:-6379}"
PG_DATABASES="${PG_DATABASES:-portal_ci}"
PG_DATA="$SERVICES_DIR/postgres"
PG_LOG="$SERVICES_DIR/postgres.log"
REDIS_LOG="$SERVICES_DIR/redis.log"
REDIS_PID="$SERVICES_DIR/redis.pid"

say() { printf 'services: %s\n' "$*"; }

pg_bindir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$dir" ] && echo "$dir"
}

# Run a PostgreSQL server program as the postgres system user when we are root (the
# server refuses to run as root), as ourselves otherwise.
as_pg_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

postgres_answers() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null; }
redis_answers() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }

wait_for() {
  local what="$1" check="$2" seconds="${3:-60}"
  for _ in $(seq 1 "$seconds"); do
    "$check" && return 0
    sleep 1
  done
  say "$what is not answering after ${seconds}s"
  return 1
}

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    say "$* missing and not root: install it with apt-get install $*"
    return 1
  fi
  say "installing $* from Debian's packages"
  if [ ! -f "$SERVICES_DIR/.apt-updated" ]; then
    apt-get update -qq >/dev/null && touch "$SERVICES_DIR/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

start_postgres() {
  if postgres_answers; then
    say "PostgreSQL already answers on 127.0.0.1:$PG_PORT"
  else
    if [ -z "$(pg_bindir)" ] || ! command -v pg_isready >/dev/null; then
      apt_install postgresql postgresql-contrib || return 1
    fi
    local bin
    bin="$(pg_bindir)"
    if [ ! -f "$PG_DATA/PG_VERSION" ]; then
      mkdir -p "$PG_DATA"
      [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_DATA"
      chmod 700 "$PG_DATA"
      as_pg_owner "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust \
        --encoding=UTF8 --locale=C.UTF-8 >/dev/null || return 1
    fi
    : >"$PG_LOG"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_LOG"
    say "starting PostgreSQL ($("$bin/postgres" --version | awk '{print $3}')) on 127.0.0.1:$PG_PORT"
    as_pg_owner "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      >/dev/null || { cat "$PG_LOG"; return 1; }
  fi
  wait_for PostgreSQL postgres_answers || return 1
  local db
  for db in $PG_DATABASES; do
    if ! psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
      createdb -h 127.0.0.1 -p "$PG_PORT" -U postgres "$db" || return 1
    fi
  done
}

start_redis() {
  if redis_answers; then
    say "Redis already answers on 127.0.0.1:$REDIS_PORT"
    return 0
  fi
  command -v redis-server >/dev/null || apt_install redis-server || return 1
  # Debian's package starts a server of its own where systemd runs; on these machines
  # it does not, so ours is the only one.
  if redis_answers; then return 0; fi
  say "starting Redis ($(redis-server --version | awk '{print $3}')) on 127.0.0.1:$REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" \
    --appendonly no --dir "$SERVICES_DIR" --logfile "$REDIS_LOG" --pidfile "$REDIS_PID" \
    || return 1
  wait_for Redis redis_answers
}

stop_all() {
  local bin
  bin="$(pg_bindir)"
  if [ -n "$bin" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
    as_pg_owner "$bin/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null && say "PostgreSQL stopped"
  fi
  if [ -f "$REDIS_PID" ]; then
    kill "$(cat "$REDIS_PID")" 2>/dev/null && say "Redis stopped"
    rm -f "$REDIS_PID"
  fi
}

mkdir -p "$SERVICES_DIR"
[ "$(id -u)" -eq 0 ] && chmod 755 "$SERVICES_DIR"

case "${1:-start}" in
  start)
    start_postgres || { say "PostgreSQL could not be started"; exit 1; }
    start_redis || { say "Redis could not be started"; exit 1; }
    say "PostgreSQL postgres://postgres@127.0.0.1:$PG_PORT/ and Redis redis://127.0.0.1:$REDIS_PORT/ ready"
    ;;
  stop) stop_all ;;
  status)
    postgres_answers && say "PostgreSQL answers" || say "PostgreSQL does not answer"
    redis_answers && say "Redis answers" || say "Redis does not answer"
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
