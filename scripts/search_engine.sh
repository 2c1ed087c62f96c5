#!/usr/bin/env bash
# A real search engine for the engine tests and the benchmark: one OpenSearch 2.19
# node (HTTP on 127.0.0.1), assembled by Maven from Maven Central and run on the
# machine's Java 17. No distribution is downloaded and no jar is committed: the
# Maven project in search_engine/ (a pom.xml and one launcher class) is built here.
#
#   scripts/search_engine.sh start    build if needed, start the node, wait until it answers
#   scripts/search_engine.sh stop     stop the node this script started
#   scripts/search_engine.sh status   say whether it answers (exit 0 if so)
#   scripts/search_engine.sh clean    stop it and forget its data
#
# Variables: SEARCH_ENGINE_PORT (HTTP port, default 9200; the transport port is 100
# above it), SEARCH_ENGINE_HEAP (JVM heap, default 512m), SEARCH_ENGINE_HOME (data,
# logs and pid file; default search_engine/target/node), JAVA (default: java on the
# PATH, which must be 17 or later), MVN (default mvn). The portal then needs
# ELASTICSEARCH_URL=http://127.0.0.1:$SEARCH_ENGINE_PORT and pip install '.[opensearch]'.
set -uo pipefail

cd "$(dirname "$0")/.."
PROJECT="search_engine"
PORT="${SEARCH_ENGINE_PORT:-9200}"
HEAP="${SEARCH_ENGINE_HEAP:-512m}"
HOME_DIR="${SEARCH_ENGINE_HOME:-$PROJECT/target/node}"
JAVA="${JAVA:-java}"
MVN="${MVN:-mvn}"
PID_FILE="$HOME_DIR/engine.pid"
LOG="$HOME_DIR/engine.log"
CLASSPATH_FILE="$PROJECT/target/classpath.txt"
URL="http://127.0.0.1:$PORT"
START_SECONDS="${SEARCH_ENGINE_START_SECONDS:-180}"

say() { printf 'search engine: %s\n' "$*"; }

answers() { curl -fsS --max-time 2 "$URL/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; }

our_pid() {
  local pid
  [ -f "$PID_FILE" ] || return 1
  pid="$(cat "$PID_FILE")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# Java 17+ and Maven from Debian's packages when missing (as root), as services.sh does.
ensure_tools() {
  local missing=()
  command -v "$JAVA" >/dev/null || missing+=(openjdk-17-jdk-headless)
  command -v "$MVN" >/dev/null || missing+=(maven)
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "${missing[*]} missing and not root: apt-get install ${missing[*]}"
    return 1
  fi
  say "installing ${missing[*]} from Debian's packages"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
  local newest
  newest="$(find "$PROJECT/pom.xml" "$PROJECT/src" -newer "$CLASSPATH_FILE" -type f 2>/dev/null | head -n 1)"
  if [ -f "$CLASSPATH_FILE" ] && [ -z "$newest" ]; then
    return 0
  fi
  ensure_tools || return 1
  say "building $PROJECT with Maven (dependencies from Maven Central on the first run)"
  "$MVN" -B -q -f "$PROJECT/pom.xml" package -DskipTests || { say "Maven build failed"; return 1; }
}

start() {
  if answers; then
    say "already answering on $URL"
    return 0
  fi
  ensure_tools && build || return 1
  mkdir -p "$HOME_DIR"
  if our_pid >/dev/null; then
    say "node $(our_pid) started before is not answering yet; waiting"
  else
    say "starting OpenSearch on $URL (heap $HEAP, data in $HOME_DIR)"
    # setsid: its own process group, so stopping it never touches the caller's.
    setsid "$JAVA" -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
      -Dlog4j2.formatMsgNoLookups=true -Dfile.encoding=UTF-8 \
      -cp "$PROJECT/target/classes:$(cat "$CLASSPATH_FILE")" \
      portal.searchengine.Launcher "$PORT" "$HOME_DIR/cluster" \
      </dev/null >"$LOG" 2>&1 &
    echo $! >"$PID_FILE"
  fi
  for _ in $(seq 1 "$START_SECONDS"); do
    if answers; then
      say "answering on $URL ($(curl -fsS --max-time 2 "$URL" | grep -o '"number" : "[^"]*"' | head -n 1))"
      return 0
    fi
    if ! our_pid >/dev/null; then
      say "the node exited while starting; the end of $LOG:"
      tail -n 40 "$LOG"
      return 1
    fi
    sleep 1
  done
  say "not answering after ${START_SECONDS}s; the end of $LOG:"
  tail -n 40 "$LOG"
  return 1
}

stop() {
  local pid
  if ! pid="$(our_pid)"; then
    rm -f "$PID_FILE"
    say "not running (nothing this script started)"
    return 0
  fi
  say "stopping node $pid"
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$PID_FILE"; say "stopped"; return 0; }
    sleep 1
  done
  say "node $pid did not stop in 30s; killing it"
  kill -KILL "$pid" 2>/dev/null
  rm -f "$PID_FILE"
}

status() {
  if answers; then
    say "answering on $URL$(our_pid >/dev/null && echo " (node $(our_pid), started by this script)")"
    return 0
  fi
  say "not answering on $URL"
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  clean) stop && rm -rf "$HOME_DIR" && say "data removed" ;;
  *)
    echo "usage: $0 start|stop|status|clean" >&2
    exit 2
    ;;
esac
