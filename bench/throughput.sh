#!/usr/bin/env bash
# Throughput and latency of GET /api/health/live through devhost, side by side in the same run with a bare
# handler on the same HTTP server library (Jetty), the ceiling. wrk: 2 threads, 16 connections.
# Usage: bench/throughput.sh [seconds]   (default 20). Needs wrk (apt-get install wrk).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
seconds="${1:-20}"
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
cd "$ROOT"
mvn -B -q package -DskipTests

bare_port="$(free_port)"
setsid java -cp "$(devhost_classpath)" com.aisaas.devhost.bench.BareJettyMain "$bare_port" >/dev/null 2>&1 &
bare=$!
host_port="$(free_port)"
# Full JIT for a load test (bin/run's default -XX:TieredStopAtLevel=1 favours start-up time).
DEVHOST_JAVA_OPTS="-Xmx512m" DEVHOST_DATA_DIR="$ROOT/.devhost-bench" \
  setsid bin/run --no-build --port "$host_port" >/tmp/bench-devhost.log 2>&1 &
host=$!
trap 'stop_group $bare; stop_group $host' EXIT
wait_for_200 "http://127.0.0.1:$bare_port/" >/dev/null
wait_for_200 "http://127.0.0.1:$host_port/api/health/live" >/dev/null

run_wrk() { # label url
  wrk -t2 -c16 -d"${seconds}s" --latency "$2" > /tmp/bench-wrk.txt
  local rps p99
  rps="$(awk '/Requests\/sec/ {print $2}' /tmp/bench-wrk.txt)"
  p99="$(awk '$1=="99%" {print $2}' /tmp/bench-wrk.txt)"
  printf '%-34s %10s req/s   p99 %s\n' "$1" "$rps" "$p99"
  echo "$rps"  > "/tmp/bench-$3.rps"
}

echo "warming up both servers (JIT)..."
wrk -t2 -c16 -d10s "http://127.0.0.1:$bare_port/" >/dev/null
wrk -t2 -c16 -d10s "http://127.0.0.1:$host_port/api/health/live" >/dev/null
run_wrk "bare Jetty handler (ceiling)" "http://127.0.0.1:$bare_port/" bare
run_wrk "devhost GET /api/health/live" "http://127.0.0.1:$host_port/api/health/live" devhost
python3 -c "import sys; b=float(open('/tmp/bench-bare.rps').read()); d=float(open('/tmp/bench-devhost.rps').read()); print(f'ratio devhost/bare: {d/b:.2f}')"
