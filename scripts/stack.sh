#!/usr/bin/env bash
# Brings the real stack (Elasticsearch + nori, PostgreSQL, Redis) up or down for this checkout.
# A service that already answers is used as is; one that does not is started from .cache/ and
# stopped again by whoever started it.  Usage: scripts/stack.sh up|down|status|reset
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=stack.env
source "$ROOT/scripts/stack.env"
CACHE="${NORAE_CACHE:-$ROOT/.cache}"
ES_USER="${NORAE_ES_USER:-norae-es}"
ES_URL="${ES_URL:-http://127.0.0.1:$ES_HTTP_PORT}"
STARTED_FILE="$CACHE/started-by-${NORAE_STACK_OWNER:-manual}"

log() { printf '[stack] %s\n' "$*" >&2; }
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }
mark_started() { mkdir -p "$CACHE"; echo "$1" >> "$STARTED_FILE"; }

# ---------- Elasticsearch ----------
es_home() { echo "$ES_CACHE/elasticsearch-$ES_VERSION"; }
es_answers() { curl -fsS -m 2 "$ES_URL/_cluster/health" >/dev/null 2>&1; }

# ES refuses to run as root: as root we run it as an unprivileged user, who must be able to reach the cache.
choose_es_cache() {
  ES_CACHE="$CACHE/es"
  if is_root; then
    id "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
    mkdir -p "$ES_CACHE"
    if ! su -s /bin/sh "$ES_USER" -c "test -x '$ES_CACHE'" 2>/dev/null; then
      ES_CACHE="/var/tmp/norae-es-$(echo "$ROOT" | md5sum | cut -c1-8)"
      log "$CACHE is not reachable by $ES_USER; using $ES_CACHE for Elasticsearch"
      mkdir -p "$ES_CACHE"
    fi
  fi
}

find_java() {
  # ES $ES_VERSION runs on Java 17 to 24; prefer the newest such JDK.
  if [ -n "${ES_JAVA_HOME:-}" ] && [ -x "$ES_JAVA_HOME/bin/java" ]; then echo "$ES_JAVA_HOME"; return; fi
  local best="" bestv=0 d v
  for d in /usr/lib/jvm/*/; do
    [ -x "$d/bin/java" ] || continue
    v=$("$d/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
    [ -n "$v" ] && [ "$v" -ge 17 ] && [ "$v" -le 24 ] && [ "$v" -gt "$bestv" ] && { best="${d%/}"; bestv=$v; }
  done
  [ -n "$best" ] || die "no JDK 17-24 found in /usr/lib/jvm (Elasticsearch $ES_VERSION needs one). Fix: apt-get install -y openjdk-17-jdk-headless, or set ES_JAVA_HOME."
  echo "$best"
}

es_fetch() {
  local home; home=$(es_home)
  [ -x "$home/bin/elasticsearch" ] && return
  command -v mvn >/dev/null || die "mvn not found (needed to fetch Elasticsearch from Maven Central). Fix: apt-get install -y maven"
  log "fetching Elasticsearch $ES_VERSION from Maven Central"
  mvn -q -B -Dstyle.color=never dependency:copy -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
    -DoutputDirectory="$ES_CACHE/download" \
    || die "download of org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip failed. Check that Maven Central is reachable (mvn settings / proxy) and retry."
  rm -rf "$home.tmp" && mkdir -p "$home.tmp"
  unzip -q "$ES_CACHE/download/elasticsearch-$ES_VERSION.zip" -d "$home.tmp" || die "could not unpack the Elasticsearch zip (is unzip installed? apt-get install -y unzip)"
  mv "$home.tmp/elasticsearch-$ES_VERSION" "$home" && rm -rf "$home.tmp"
}

# Our own builds of analysis-nori and analysis-common-lite (see analyzers/README.md), rebuilt when their sources change.
es_plugins() {
  local home; home=$(es_home)
  local stamp; stamp=$(cd "$ROOT/analyzers" && find nori-plugin common-lite-plugin -path '*/target' -prune -o -type f -print | sort | xargs cat | md5sum | cut -c1-12)
  [ -f "$home/.plugins-$stamp" ] && return
  local java; java=$(find_java)
  local p
  for p in nori-plugin common-lite-plugin; do
    log "building analyzers/$p with Maven"
    JAVA_HOME="$java" mvn -q -B -Dstyle.color=never -f "$ROOT/analyzers/$p/pom.xml" package -DskipTests \
      -Delasticsearch.version="$ES_VERSION" -Dlucene.version="$LUCENE_VERSION" \
      || die "Maven build of analyzers/$p failed (see the output above)"
  done
  rm -rf "$home/plugins/"*
  local zip name
  for zip in "$ROOT"/analyzers/nori-plugin/target/*.zip "$ROOT"/analyzers/common-lite-plugin/target/*.zip; do
    log "installing plugin $(basename "$zip")"
    ES_JAVA_HOME="$java" "$home/bin/elasticsearch-plugin" install --batch "file://$zip" >/dev/null \
      || die "installing $(basename "$zip") into Elasticsearch failed"
  done
  rm -f "$home"/.plugins-* && touch "$home/.plugins-$stamp"
}

es_start() {
  if es_answers; then
    curl -fsS -m 5 "$ES_URL/_cat/plugins?h=component" | grep -q '^analysis-nori' \
      || die "an Elasticsearch at $ES_URL answers but has no analysis-nori plugin. Stop it, or point ES_URL at one with nori."
    log "Elasticsearch already answers at $ES_URL"; return
  fi
  choose_es_cache; es_fetch; es_plugins
  local home java; home=$(es_home); java=$(find_java)
  mkdir -p "$ES_CACHE/data" "$ES_CACHE/logs"
  rm -f "$ES_CACHE/data/node.lock"
  local cmd="ES_JAVA_HOME='$java' ES_JAVA_OPTS='-Xms$ES_HEAP -Xmx$ES_HEAP' exec '$home/bin/elasticsearch' \
    -E discovery.type=single-node -E xpack.security.enabled=false -E network.host=127.0.0.1 \
    -E http.port=$ES_HTTP_PORT -E transport.port=$ES_TRANSPORT_PORT -E cluster.name=norae-local \
    -E path.data='$ES_CACHE/data' -E path.logs='$ES_CACHE/logs' -E action.destructive_requires_name=false \
    -E cluster.routing.allocation.disk.threshold_enabled=false"
  log "starting Elasticsearch $ES_VERSION on $ES_URL (java: $java, data: $ES_CACHE/data)"
  if is_root; then
    chown -R "$ES_USER" "$ES_CACHE"
    setsid su -s /bin/sh "$ES_USER" -c "$cmd" > "$ES_CACHE/logs/stdout.log" 2>&1 < /dev/null &
  else
    setsid sh -c "$cmd" > "$ES_CACHE/logs/stdout.log" 2>&1 < /dev/null &
  fi
  echo $! > "$CACHE/es.pid"
  local i
  for i in $(seq 1 120); do
    es_answers && { mark_started es; log "Elasticsearch up after ${i}s"; return; }
    kill -0 "$(cat "$CACHE/es.pid")" 2>/dev/null || { tail -20 "$ES_CACHE/logs/stdout.log" >&2; die "Elasticsearch exited during start (log above, full log in $ES_CACHE/logs)"; }
    sleep 1
  done
  die "Elasticsearch did not answer within 120s (log: $ES_CACHE/logs/stdout.log)"
}

es_stop() {
  local pidf="$CACHE/es.pid"
  [ -f "$pidf" ] || return 0
  local pid; pid=$(cat "$pidf")
  # the pid is the session leader: signal the whole process group so no Java process is orphaned
  kill -TERM -- "-$pid" 2>/dev/null || true
  local i
  for i in $(seq 1 30); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$pidf"
  log "Elasticsearch stopped"
}

# ---------- PostgreSQL ----------
pg_answers() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null; }
pg_bin() {
  local d; d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$d" ] && is_root; then
    log "no PostgreSQL found; installing it with apt-get"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) || die "apt-get install postgresql failed"
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  fi
  [ -n "$d" ] || die "PostgreSQL is not running on 127.0.0.1:$PG_PORT and no server binaries were found. Fix: apt-get install -y postgresql"
  echo "$d"
}
pg_start() {
  command -v pg_isready >/dev/null || { is_root && apt-get install -y -qq postgresql-client >/dev/null; }
  if pg_answers; then log "PostgreSQL already answers on 127.0.0.1:$PG_PORT"; return; fi
  local bin dir="$CACHE/pg" run=""; bin=$(pg_bin)
  mkdir -p "$dir"
  if is_root; then chown -R postgres "$dir"; run="su -s /bin/sh postgres -c"; else run="sh -c"; fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    log "initialising a project-local PostgreSQL cluster in $dir/data"
    $run "'$bin/initdb' -D '$dir/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
  fi
  $run "'$bin/pg_ctl' -D '$dir/data' -l '$dir/postgres.log' -o \"-p $PG_PORT -k '$dir' -c listen_addresses=127.0.0.1\" -w start" >/dev/null \
    || die "PostgreSQL failed to start (log: $dir/postgres.log)"
  mark_started pg; log "PostgreSQL started on 127.0.0.1:$PG_PORT"
}
pg_stop() {
  [ -f "$CACHE/pg/data/postmaster.pid" ] || return 0
  local bin; bin=$(pg_bin)
  if is_root; then su -s /bin/sh postgres -c "'$bin/pg_ctl' -D '$CACHE/pg/data' -m fast stop" >/dev/null
  else "$bin/pg_ctl" -D "$CACHE/pg/data" -m fast stop >/dev/null; fi
  log "PostgreSQL stopped"
}

# ---------- Redis ----------
redis_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT" && printf 'PING\r\n' >&3 && head -c 5 <&3 | grep -q PONG) 2>/dev/null; }
redis_start() {
  if redis_answers; then log "Redis already answers on 127.0.0.1:$REDIS_PORT"; return; fi
  if ! command -v redis-server >/dev/null; then
    is_root || die "Redis is not running on 127.0.0.1:$REDIS_PORT and redis-server is not installed. Fix: apt-get install -y redis-server"
    log "no Redis found; installing it with apt-get"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null) || die "apt-get install redis-server failed"
  fi
  mkdir -p "$CACHE/redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$CACHE/redis" \
    --pidfile "$CACHE/redis/redis.pid" --logfile "$CACHE/redis/redis.log" --save "" --appendonly no \
    || die "redis-server failed to start (log: $CACHE/redis/redis.log)"
  local i; for i in $(seq 1 20); do redis_answers && break; sleep 0.25; done
  mark_started redis; log "Redis started on 127.0.0.1:$REDIS_PORT"
}
redis_stop() {
  [ -f "$CACHE/redis/redis.pid" ] || return 0
  kill "$(cat "$CACHE/redis/redis.pid")" 2>/dev/null || true
  rm -f "$CACHE/redis/redis.pid"; log "Redis stopped"
}

# Stops only what this owner started (tests never stop a stack that `npm run local` or the machine runs).
stack_down_owned() {
  [ -f "$STARTED_FILE" ] || return 0
  grep -qx es "$STARTED_FILE" && es_stop
  grep -qx pg "$STARTED_FILE" && pg_stop
  grep -qx redis "$STARTED_FILE" && redis_stop
  rm -f "$STARTED_FILE"
}

stack_up() { mkdir -p "$CACHE"; pg_start; redis_start; es_start; }

status() {
  es_answers && echo "elasticsearch: up ($ES_URL)" || echo "elasticsearch: down ($ES_URL)"
  pg_answers && echo "postgres: up (127.0.0.1:$PG_PORT)" || echo "postgres: down (127.0.0.1:$PG_PORT)"
  redis_answers && echo "redis: up (127.0.0.1:$REDIS_PORT)" || echo "redis: down (127.0.0.1:$REDIS_PORT)"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-}" in
    up) NORAE_STACK_OWNER=manual; stack_up ;;
    down) es_stop; pg_stop; redis_stop; rm -f "$CACHE"/started-by-* ;;
    status) status ;;
    reset)
      es_stop; pg_stop; redis_stop; rm -f "$CACHE"/started-by-*
      choose_es_cache; rm -rf "$ES_CACHE/data" "$CACHE/pg" "$CACHE/redis"
      log "stopped everything this checkout started and removed its data (the Elasticsearch download is kept; rm -rf .cache to drop it too)" ;;
    *) echo "usage: scripts/stack.sh up|down|status|reset" >&2; exit 2 ;;
  esac
fi
