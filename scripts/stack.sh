#!/usr/bin/env bash
# Brings the real stack (Elasticsearch + nori, PostgreSQL, Redis) up or down for this checkout.
# A service that already answers is used as is; one that does not is started from .cache/ and
# stopped again by whoever started it (NORAE_STACK_OWNER: manual for `up`/`down`, local, test-<pid>).
# ES_NODES=3 starts a local cluster instead of one node: ports ES_HTTP_PORT+i / ES_TRANSPORT_PORT+i.
# Usage: scripts/stack.sh up|es-up|down|status|reset   (es-up: Elasticsearch only)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=stack.env
source "$ROOT/scripts/stack.env"
CACHE="${NORAE_CACHE:-$ROOT/.cache}"
ES_USER="${NORAE_ES_USER:-norae-es}"
es_node_urls() { local i urls=(); for i in $(seq 0 $((ES_NODES - 1))); do urls+=("http://127.0.0.1:$((ES_HTTP_PORT + i))"); done; (IFS=,; echo "${urls[*]}"); }
ES_URL="${ES_URL:-$(es_node_urls)}"
STARTED_FILE="$CACHE/started-by-${NORAE_STACK_OWNER:-manual}"

# The prologue of the commands that run on this stack (npm run local, npm test): work from the project root, node
# dependencies installed from the lock, and what this run starts recorded under its owner (local, test-<pid>).
stack_session() {
  cd "$ROOT"
  bash "$ROOT/scripts/install-deps.sh"
  export NORAE_STACK_OWNER="$1"
  STARTED_FILE="$CACHE/started-by-$NORAE_STACK_OWNER"
}

log() { printf '[stack] %s\n' "$*" >&2; }
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }
mark_started() { mkdir -p "$CACHE"; echo "$1" >> "$STARTED_FILE"; }

APT_UPDATED=0
apt_install() {
  is_root || { log "apt-get install $* needs root"; return 1; }
  # a fresh machine (or container) has no package lists yet: update once per run, before the first install
  if [ "$APT_UPDATED" = 0 ]; then apt-get update -qq >/dev/null || { log "apt-get update failed"; return 1; }; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Quiet, batch-mode Maven without colour codes; jansi.noreset must be a JVM option (MAVEN_OPTS), else Maven 3.8's
# jansi still writes a stray ESC[0m at start and exit.
maven() { MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" mvn -q -B -Dstyle.color=never "$@"; }

# pids holding a POSIX/flock lock on a file (ES holds data/node.lock for as long as it runs)
lock_holders() {
  [ -e "$1" ] || return 0
  local ino; ino=$(stat -c %i "$1")
  awk -v ino="$ino" '{ n = split($0, f, " "); for (i = 1; i <= n; i++) if (f[i] ~ ":" ino "$") print f[i - 1] }' /proc/locks | sort -u
}

# ---------- Elasticsearch ----------
# NORAE_ES_HOME: an already installed distribution (with our plugins) used as is, e.g. by the cluster test.
es_home() { echo "${NORAE_ES_HOME:-$ES_CACHE/elasticsearch-$ES_VERSION}"; }
es_answers() { curl -fsS -m 2 "${ES_URL%%,*}/_cluster/health" >/dev/null 2>&1; }

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
  [ -z "${FOUND_JAVA:-}" ] || { echo "$FOUND_JAVA"; return; }
  local best="" bestv=0 d v
  for d in /usr/lib/jvm/*/; do
    [ -x "$d/bin/java" ] || continue
    v=$("$d/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
    [ -n "$v" ] && [ "$v" -ge 17 ] && [ "$v" -le 24 ] && [ "$v" -gt "$bestv" ] && { best="${d%/}"; bestv=$v; }
  done
  [ -n "$best" ] || die "no JDK 17-24 found in /usr/lib/jvm (Elasticsearch $ES_VERSION needs one). Fix: apt-get install -y openjdk-17-jdk-headless, or set ES_JAVA_HOME."
  echo "$best"
}
FOUND_JAVA=

es_fetch() {
  local home; home=$(es_home)
  [ -x "$home/bin/elasticsearch" ] && return
  command -v mvn >/dev/null || die "mvn not found (needed to fetch Elasticsearch from Maven Central). Fix: apt-get install -y maven"
  log "fetching Elasticsearch $ES_VERSION from Maven Central"
  maven dependency:copy -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
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
    JAVA_HOME="$java" maven -f "$ROOT/analyzers/$p/pom.xml" package -DskipTests \
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

# One node: single-node discovery, data in $ES_CACHE/data. Node i of a cluster: its own data and log dirs,
# http ES_HTTP_PORT+i, transport ES_TRANSPORT_PORT+i, every node a seed host and initial master.
es_node_dir() { if [ "$ES_NODES" = 1 ]; then echo "$ES_CACHE"; else echo "$ES_CACHE/cluster-$ES_HTTP_PORT/node-$1"; fi; }
es_pidfile() { echo "$CACHE/es-$1.pid"; }

es_spawn_node() {
  local i=$1 home java heap dir http transport cmd
  home=$(es_home); java=$(find_java); dir=$(es_node_dir "$i")
  http=$((ES_HTTP_PORT + i)); transport=$((ES_TRANSPORT_PORT + i))
  mkdir -p "$dir/data" "$dir/logs"
  local holders; holders=$(lock_holders "$dir/data/node.lock")
  [ -z "$holders" ] || die "$dir/data is in use by process $holders (another Elasticsearch on this data). Stop it first."
  rm -f "$dir/data/node.lock"
  # ES_EXTRA_JAVA_OPTS: e.g. the cluster test's -XX:TieredStopAtLevel=1 (less JIT work while starting on a busy machine)
  cmd="ES_JAVA_HOME='$java' ES_JAVA_OPTS='-Xms$2 -Xmx$2 ${ES_EXTRA_JAVA_OPTS:-}' exec '$home/bin/elasticsearch' \
    -E xpack.security.enabled=false -E network.host=127.0.0.1 -E http.port=$http -E transport.port=$transport \
    -E path.data='$dir/data' -E path.logs='$dir/logs' -E action.destructive_requires_name=false \
    -E cluster.routing.allocation.disk.threshold_enabled=false"
  if [ "$ES_NODES" = 1 ]; then
    cmd="$cmd -E discovery.type=single-node -E cluster.name=norae-local"
  else
    local j seeds=() names=()
    for j in $(seq 0 $((ES_NODES - 1))); do seeds+=("127.0.0.1:$((ES_TRANSPORT_PORT + j))"); names+=("norae-$((ES_HTTP_PORT + j))"); done
    # N nodes share this machine's cores: each sizes its thread pools for one, so they do not starve each other
    cmd="$cmd -E cluster.name=norae-cluster-$ES_HTTP_PORT -E node.name=norae-$http -E node.processors=1 \
      -E discovery.seed_hosts=$(IFS=,; echo "${seeds[*]}") -E cluster.initial_master_nodes=$(IFS=,; echo "${names[*]}")"
  fi
  if is_root; then
    chown -R "$ES_USER" "$dir"
    # setpriv execs in place (su -c would start a new session): the pid we record leads the node's whole process group
    setsid setpriv --reuid="$ES_USER" --regid="$(id -g "$ES_USER")" --init-groups sh -c "$cmd" > "$dir/logs/stdout.log" 2>&1 < /dev/null &
  else
    setsid sh -c "$cmd" > "$dir/logs/stdout.log" 2>&1 < /dev/null &
  fi
  echo $! > "$(es_pidfile "$http")"
}

es_start() {
  if es_answers; then
    curl -fsS -m 5 "${ES_URL%%,*}/_cat/plugins?h=component" | grep -q '^analysis-nori' \
      || die "an Elasticsearch at ${ES_URL%%,*} answers but has no analysis-nori plugin. Stop it, or point ES_URL at one with nori."
    log "Elasticsearch already answers at $ES_URL"; return
  fi
  choose_es_cache
  [ -n "${NORAE_ES_HOME:-}" ] || { es_fetch; es_plugins; }
  is_root && [ -z "${NORAE_ES_HOME:-}" ] && chown -R "$ES_USER" "$ES_CACHE"
  local heap="$ES_HEAP" i
  [ "$ES_NODES" = 1 ] || heap="$ES_NODE_HEAP"
  FOUND_JAVA=$(find_java)
  log "starting Elasticsearch $ES_VERSION: $ES_NODES node(s), heap $heap each, at $ES_URL"
  for i in $(seq 0 $((ES_NODES - 1))); do es_spawn_node "$i" "$heap"; done
  local waited health
  for waited in $(seq 1 180); do
    health=$(curl -fsS -m 2 "${ES_URL%%,*}/_cluster/health?wait_for_nodes=$ES_NODES&timeout=1s" 2>/dev/null || true)
    if printf '%s' "$health" | grep -q "\"number_of_nodes\":$ES_NODES,"; then
      for i in $(seq 0 $((ES_NODES - 1))); do mark_started "es-$((ES_HTTP_PORT + i))"; done
      log "Elasticsearch up after ${waited}s"; return
    fi
    for i in $(seq 0 $((ES_NODES - 1))); do
      if ! kill -0 "$(cat "$(es_pidfile $((ES_HTTP_PORT + i)))")" 2>/dev/null; then
        tail -20 "$(es_node_dir "$i")/logs/stdout.log" >&2
        es_stop_spawned; die "Elasticsearch node $i exited during start (log above, full log in $(es_node_dir "$i")/logs)"
      fi
    done
    sleep 1
  done
  es_stop_spawned; die "Elasticsearch did not form a $ES_NODES-node cluster within 180s (logs: $(es_node_dir 0)/logs)"
}

es_stop_spawned() { local i stops=(); for i in $(seq 0 $((ES_NODES - 1))); do es_stop_port $((ES_HTTP_PORT + i)) & stops+=($!); done; wait "${stops[@]}"; }

# Stops the node started on an http port (legacy: "es" = the es.pid of older checkouts), never a process we did not start.
es_stop_port() {
  local pidf; if [ "$1" = es ]; then pidf="$CACHE/es.pid"; else pidf=$(es_pidfile "$1"); fi
  [ -f "$pidf" ] || return 0
  local pid; pid=$(cat "$pidf")
  if grep -qa elasticsearch "/proc/$pid/cmdline" 2>/dev/null; then
    # the pid is the session leader: signal the whole process group so no Java process is orphaned
    kill -TERM -- "-$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 30); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    log "Elasticsearch stopped (${pidf##*/})"
  fi
  rm -f "$pidf"
}
es_stop_all() {
  local f; for f in "$CACHE"/es-*.pid; do [ -e "$f" ] && { f=${f##*/es-}; es_stop_port "${f%.pid}"; }; done
  es_stop_port es
}

# ---------- PostgreSQL ----------
# pg_isready from PATH, else from the server packages' own bin dir, else installed: never silently "down".
PG_ISREADY=""
pg_isready_bin() {
  [ -n "$PG_ISREADY" ] && { echo "$PG_ISREADY"; return; }
  PG_ISREADY=$(command -v pg_isready || ls /usr/lib/postgresql/*/bin/pg_isready 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$PG_ISREADY" ]; then
    is_root || die "pg_isready not found (in PATH or /usr/lib/postgresql/*/bin). Fix: apt-get install -y postgresql-client"
    log "pg_isready not found; installing postgresql-client with apt-get"
    apt_install postgresql-client || die "apt-get install postgresql-client failed"
    PG_ISREADY=$(command -v pg_isready || ls /usr/lib/postgresql/*/bin/pg_isready 2>/dev/null | sort -V | tail -1 || true)
    [ -n "$PG_ISREADY" ] || die "postgresql-client is installed but has no pg_isready"
  fi
  echo "$PG_ISREADY"
}
pg_answers() { "$PG_ISREADY" -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null; }
pg_bin() {
  local d; d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$d" ] && is_root; then
    log "no PostgreSQL found; installing it with apt-get"
    apt_install postgresql || die "apt-get install postgresql failed"
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  fi
  [ -n "$d" ] || die "PostgreSQL is not running on 127.0.0.1:$PG_PORT and no server binaries were found. Fix: apt-get install -y postgresql"
  echo "$d"
}
pg_start() {
  PG_ISREADY=$(pg_isready_bin)
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
  pg_answers || die "PostgreSQL started but does not answer on 127.0.0.1:$PG_PORT (log: $dir/postgres.log)"
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
    apt_install redis-server || die "apt-get install redis-server failed"
  fi
  mkdir -p "$CACHE/redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$CACHE/redis" \
    --pidfile "$CACHE/redis/redis.pid" --logfile "$CACHE/redis/redis.log" --save "" --appendonly no \
    || die "redis-server failed to start (log: $CACHE/redis/redis.log)"
  local i; for i in $(seq 1 40); do redis_answers && break; sleep 0.25; done
  # daemonized, redis-server returns before it listens (or fails to): only an answer counts as started
  if ! redis_answers; then
    redis_stop
    die "Redis did not answer on 127.0.0.1:$REDIS_PORT within 10s (log: $CACHE/redis/redis.log)"
  fi
  mark_started redis; log "Redis started on 127.0.0.1:$REDIS_PORT"
}
redis_stop() {
  [ -f "$CACHE/redis/redis.pid" ] || return 0
  local pid; pid=$(cat "$CACHE/redis/redis.pid")
  grep -q '^redis-server' "/proc/$pid/comm" 2>/dev/null && kill "$pid" 2>/dev/null && log "Redis stopped"
  rm -f "$CACHE/redis/redis.pid"
}

# Stops only what this owner started (tests never stop a stack that `npm run local` or the machine runs).
stack_down_owned() {
  [ -f "$STARTED_FILE" ] || return 0
  local what stops=()
  for what in $(sort -u "$STARTED_FILE"); do
    case "$what" in
      es|es-*) es_stop_port "${what#es-}" & stops+=($!) ;; # the nodes of a cluster stop in parallel
      pg) pg_stop ;;
      redis) redis_stop ;;
    esac
  done
  [ "${#stops[@]}" = 0 ] || wait "${stops[@]}"
  rm -f "$STARTED_FILE"
}

stack_up() { mkdir -p "$CACHE"; pg_start; redis_start; es_start; }

status() {
  PG_ISREADY=$(pg_isready_bin)
  es_answers && echo "elasticsearch: up ($ES_URL)" || echo "elasticsearch: down ($ES_URL)"
  pg_answers && echo "postgres: up (127.0.0.1:$PG_PORT)" || echo "postgres: down (127.0.0.1:$PG_PORT)"
  redis_answers && echo "redis: up (127.0.0.1:$REDIS_PORT)" || echo "redis: down (127.0.0.1:$REDIS_PORT)"
  local f; for f in "$CACHE"/started-by-*; do [ -e "$f" ] && echo "${f##*/}: $(sort -u "$f" | tr '\n' ' ')"; done
  return 0
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-}" in
    up) stack_up
      [ "$ES_NODES" = 1 ] || log "cluster ready: export ES_URL=$ES_URL ES_REPLICAS=1" ;;
    es-up) mkdir -p "$CACHE"; es_start ;;
    # only what `up` started (NORAE_STACK_OWNER=local for what `npm run local` left running); a running test keeps its stack
    down) stack_down_owned ;;
    status) status ;;
    reset)
      for f in "$CACHE"/started-by-*; do [ -e "$f" ] && { STARTED_FILE=$f; stack_down_owned; }; done
      es_stop_all; pg_stop; redis_stop
      choose_es_cache; rm -rf "$ES_CACHE/data" "$ES_CACHE"/cluster-* "$CACHE/pg" "$CACHE/redis"
      log "stopped everything this checkout started and removed its data (the Elasticsearch download is kept; rm -rf .cache to drop it too)" ;;
    *) echo "usage: [ES_NODES=3] scripts/stack.sh up|es-up|down|status|reset" >&2; exit 2 ;;
  esac
fi
