#!/usr/bin/env bash
# Time from `bin/run` to the first 200 from /api/health/live, with the build excluded (--no-build) and
# included. Each run starts the local services and the host, waits for the 200, then stops everything.
# Usage: bench/startup.sh [runs]   (default 5; data in a fresh .devhost-bench dir, initialised once first)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
runs="${1:-5}"
export DEVHOST_DATA_DIR="$ROOT/.devhost-bench"
cd "$ROOT"

measure() { # label, bin/run args...
  local label="$1"; shift
  local port; port="$(free_port)"
  local log; log="$(mktemp)"
  local start; start="$(now_ms)"
  setsid bin/run "$@" --port "$port" >"$log" 2>&1 &
  local pid=$!
  local up; up="$(wait_for_200 "http://127.0.0.1:$port/api/health/live")" || { cat "$log"; stop_group "$pid"; exit 1; }
  echo "$label $(( up - start )) ms"
  stop_group "$pid"
  wait "$pid" 2>/dev/null || true
  rm -f "$log"
}

mvn -B -q package -DskipTests
measure "warm-up (initialises the data dir)" --no-build >/dev/null
for i in $(seq 1 "$runs"); do measure "build excluded, run $i:" --no-build; done
for i in $(seq 1 "$runs"); do measure "build included (mvn package, warm Maven cache), run $i:"; done
