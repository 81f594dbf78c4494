# shellcheck shell=bash
# Helpers for bench/processing-latency.sh and bench/processing-sustained.sh (after bench/lib.sh).
TENANT=bench-tenant
host=""
host_port=""
pg_port=""
blob_endpoint=""

# The common start of a run: tools present, in the repository root, $OUT a fresh directory for the run's
# output, the rate limit out of the way (env vars override local.settings.json values), the host stopped on exit,
# the package built unless BENCH_NO_BUILD=1. $1: the run's name.
begin_run() {
  require_tools psql python3
  cd "$ROOT"
  OUT="$(mktemp -d "/tmp/bench-processing-$1.XXXXXX")"
  export RATE_LIMIT_PER_MINUTE=100000
  trap stop_host EXIT
  build_unless_told
}

build_unless_told() {
  if [[ -z "${BENCH_NO_BUILD:-}" ]]; then   # BENCH_NO_BUILD=1: use the classes and package as built
    echo "building (mvn -B -q package -DskipTests)..."
    mvn -B -q package -DskipTests
  fi
}

host_data=""
# Stops the host and its services, then drops their data (the 1 MiB blobs, the database) but keeps <data>/logs.
stop_host() {
  [[ -n "$host" ]] && stop_group "$host"
  host=""
  [[ -n "$host_data" ]] && rm -rf "$host_data/azurite" "$host_data/postgres" "$host_data/redis"
  host_data=""
}

# Starts bin/run --no-build with fresh data in $1 (a new PostgreSQL, Redis and Azurite: the watcher lists only this
# run's blobs), full JIT (-Xmx1g), logging per bench/logback-devhost.xml when $3 is "invocations" (else the app's own
# logging), plus BENCH_HOST_OPTS; log in $2. The caller sets DEVHOST_EVENT_POLL_MS.
start_host() { # data dir, log file [invocations]
  rm -rf "$1"
  host_data="$1"
  export DEVHOST_DATA_DIR="$1"
  export DEVHOST_JAVA_OPTS="-Xmx1g"
  [[ "${3:-}" == invocations ]] && DEVHOST_JAVA_OPTS+=" -Dlogback.configurationFile=$ROOT/bench/logback-devhost.xml"
  DEVHOST_JAVA_OPTS+="${BENCH_HOST_OPTS:+ $BENCH_HOST_OPTS}"   # e.g. a JFR recording
  host_port="$(free_port)"
  setsid bin/run --no-build --port "$host_port" >"$2" 2>&1 &
  host=$!
  wait_for_200 "http://127.0.0.1:$host_port/api/health/ready" >/dev/null || { tail -30 "$2" >&2; exit 1; }
  pg_port="$(devhost_port "$2" postgres)"
  blob_endpoint="$(sed -n 's#^ *blob *\(http://[^ ]*\) .*#\1#p' "$2" | head -1)"
  [[ -n "$pg_port" && -n "$blob_endpoint" ]] || { echo "no PostgreSQL/blob endpoint in the devhost summary" >&2; exit 1; }
  echo "host on :$host_port (DEVHOST_EVENT_POLL_MS=${DEVHOST_EVENT_POLL_MS:-default}), PostgreSQL :$pg_port, blob $blob_endpoint"
}

sql() { PGOPTIONS='-c client_min_messages=warning' psql -X -q -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d aisaas "$@"; }

shared_cp() { echo "$ROOT/shared/target/test-classes:$ROOT/shared/target/classes:$(cat "$ROOT/shared/target/classpath.txt"):$ROOT/devhost/target/classes:$(cat "$ROOT/devhost/target/classpath.txt")"; }

token() { sample_token "$1" "$TENANT"; }

# Waits until `count` files named <tag>-* are ready (or 0 are pending/processing and some are not ready); prints the
# epoch time (s, fractional) at which the count was first seen complete.
wait_ready() { # tag count timeout-seconds
  local tag="$1" count="$2" deadline=$(( $(date +%s) + $3 )) ready open
  while (( $(date +%s) < deadline )); do
    read -r ready open < <(sql -F ' ' -c "select count(*) filter (where status = 'ready'),
        count(*) filter (where status in ('pending', 'processing')) from files where name like '$tag-%'")
    if (( ready >= count )); then date +%s.%N; return 0; fi
    if (( open == 0 && ready < count )); then
      echo "only $ready of $count files named $tag-* are ready and none is open:" >&2
      sql -c "select status, count(*) from files where name like '$tag-%' group by 1" >&2
      return 1
    fi
    sleep 0.05
  done
  echo "timeout: $ready of $count ready" >&2
  return 1
}
