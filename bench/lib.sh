# shellcheck shell=bash
# Helpers for the benchmark scripts: they drive bin/run and the built package on this machine only (loopback).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APP="$ROOT/functions/target/azure-functions/aisaas-dashboard-func"
# No timer functions during a measurement: a reconciliation or sweep firing (a missed schedule runs at start)
# would load the same 2 cores, and reconciliation would mark the seeded rows, which have no blobs, failed.
export DEVHOST_TIMERS="${DEVHOST_TIMERS:-off}"

devhost_classpath() {
  echo "$ROOT/devhost/target/classes:$(cat "$ROOT/devhost/target/classpath.txt")"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

now_ms() {
  date +%s%3N
}

# Waits until URL answers 200; prints the time (ms since epoch) it first did.
wait_for_200() {
  local url="$1" deadline=$(( $(now_ms) + 180000 ))
  while (( $(now_ms) < deadline )); do
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null)" == "200" ]]; then
      now_ms
      return 0
    fi
    sleep 0.02
  done
  echo "timeout waiting for $url" >&2
  return 1
}

# Stops a process group started with setsid, as Ctrl-C would.
stop_group() {
  local pid="$1"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
}
