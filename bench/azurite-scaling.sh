#!/usr/bin/env bash
# Azurite alone: how the cost of one Put Blob grows with the number of blobs the
# account already holds. No devhost, no app, no watcher: a fresh Azurite (the version in package-lock.json, the
# options devhost starts it with) and bench/uploads.py making plain Put Blob requests to one container SAS URL.
#
#   bench/azurite-scaling.sh [batches] [per-batch] [clients]   (default 6 batches of 3,000 64 KiB uploads, 8 clients)
#
# Prints the rate of each batch and the container size at its start, then one more batch into a second, empty
# container of the same account (does the cost follow the container or the whole account?). BENCH_AZURITE_IN_MEMORY=1 starts Azurite with
# --inMemoryPersistence instead of a --location directory (tells its LokiJS autosave to disk from its queries).
# Needs python3 and the built test classes of shared (for the SAS; BENCH_NO_BUILD=1 skips the build).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/processing-lib.sh"
batches="${1:-6}"
per_batch="${2:-3000}"
clients="${3:-8}"
cd "$ROOT"
build_unless_told
[[ -f node_modules/azurite/dist/src/blob/main.js ]] || npm ci --no-audit --no-fund
OUT="$(mktemp -d /tmp/bench-azurite-scaling.XXXXXX)"
port="$(free_port)"
persistence=(--location "$OUT/azurite")
[[ -n "${BENCH_AZURITE_IN_MEMORY:-}" ]] && persistence=(--inMemoryPersistence)
setsid node node_modules/azurite/dist/src/blob/main.js --blobHost 127.0.0.1 --blobPort "$port" "${persistence[@]}" \
  --skipApiVersionCheck --loose --disableTelemetry >"$OUT/azurite.log" 2>&1 &
azurite=$!
trap 'stop_group "$azurite"' EXIT
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.1
done
sas_url="$(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlogback.configurationFile="$ROOT/bench/logback-quiet.xml" \
  -cp "$(shared_cp)" com.aisaas.bench.ContainerSasMain "http://127.0.0.1:$port/devstoreaccount1" bench-scaling)"
echo "Azurite $(node -p 'require("./node_modules/azurite/package.json").version') on :$port" \
  "(${persistence[*]}), $batches x $per_batch uploads of 64 KiB, $clients clients; $(uptime | sed 's/.*load/load/')"
batch() { # tag sas-url label
  python3 bench/uploads.py direct --sas-url "$2" --count "$per_batch" --size 65536 --clients "$clients" \
    --tag "$1" >"$OUT/$1.json"
  python3 - "$OUT/$1.json" "$3" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
n = d["uploads"]
print(f"  {sys.argv[2]}: {n / (d['end'] - d['start']):7.1f} uploads/s"
      f"  ({(d['end'] - d['start']) * 1000 / n:.2f} ms of Azurite per upload, {d['error_count']} errors)")
PY
}
for b in $(seq 1 "$batches"); do
  batch "b$b" "$sas_url" "$(printf 'blobs in the container at start %6d' $(( (b - 1) * per_batch )))"
done
other_url="$(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlogback.configurationFile="$ROOT/bench/logback-quiet.xml" \
  -cp "$(shared_cp)" com.aisaas.bench.ContainerSasMain "http://127.0.0.1:$port/devstoreaccount1" bench-scaling-other)"
batch other "$other_url" "$(printf 'an empty container, %6d blobs in the other' $(( batches * per_batch )))"
echo "output: $OUT"
