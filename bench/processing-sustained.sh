#!/usr/bin/env bash
# Sustained upload rate through devhost: uploads through the API's upload sessions until every file is
# ready, side by side in the same run with the same uploads made straight to Azurite (no API, no processing).
#
#   bench/processing-sustained.sh [count] [clients]   (default 10000 uploads of 64 KiB, 8 concurrent clients)
#
# Starts bin/run --no-build with fresh data (DEVHOST_EVENT_POLL_MS as set, else the default 100; 500 before 2026-11-22 03:37), full JIT (-Xmx1g),
# RATE_LIMIT_PER_MINUTE=100000 and one owner (token) per client, so each caller of the limiter stays far under it.
# Then, with bench/uploads.py (Python http.client, one keep-alive connection per client and server):
#   1. direct: `count` plain Put Blob requests to a container SAS URL in the same Azurite (container bench-direct,
#      which nothing watches): the storage ceiling for these clients;
#   2. API: `count` uploads through sessions (POST /api/v1/files/uploads, then PUT <uploadUrl>), and waits until
#      PostgreSQL counts `count` ready files; rate = count / (last processed_at - first request);
#   3. direct again (bench-direct, other names), to bracket the API run on a shared machine.
# Checks no loss: exactly `count` files of the run, all ready. Needs psql and python3.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/processing-lib.sh"
count="${1:-10000}"
clients="${2:-8}"
size=$(( 64 * 1024 ))
begin_run sustained

start_host "$OUT/data" "$OUT/devhost.log"
tokens=""
for k in $(seq 1 "$clients"); do tokens+="${tokens:+,}$(token "bench-sustained-$k")"; done
sas_url="$(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlogback.configurationFile="$ROOT/bench/logback-quiet.xml" \
  -cp "$(shared_cp)" com.aisaas.bench.ContainerSasMain "$blob_endpoint" bench-direct)"

echo "warm-up: 200 uploads through the API and 200 direct..."
python3 bench/uploads.py sessions --port "$host_port" --tokens "$tokens" --count 200 --size "$size" \
  --clients "$clients" --tag warm --out "$OUT/warm.jsonl" >/dev/null
python3 bench/uploads.py direct --sas-url "$sas_url" --count 200 --size "$size" --clients "$clients" --tag warm >/dev/null
wait_ready warm 200 300 >/dev/null

direct_run() { # tag
  echo "direct ($1): $count x 64 KiB, $clients clients; $(uptime | sed 's/.*load/load/')"
  python3 bench/uploads.py direct --sas-url "$sas_url" --count "$count" --size "$size" --clients "$clients" \
    --tag "$1" >"$OUT/$1.json"
  cat "$OUT/$1.json"
}
direct_run direct1

echo "API: $count x 64 KiB through upload sessions, $clients clients; $(uptime | sed 's/.*load/load/')"
python3 bench/uploads.py sessions --port "$host_port" --tokens "$tokens" --count "$count" --size "$size" \
  --clients "$clients" --tag api --out "$OUT/api.jsonl" | tee "$OUT/api.json"
wait_ready api "$count" 3600 >/dev/null || true
echo "  all ready; $(uptime | sed 's/.*load/load/')"
sql -F ' ' -c "select count(*), count(*) filter (where status = 'ready'), extract(epoch from max(processed_at)),
               extract(epoch from min(created_at)) from files where name like 'api-%'" >"$OUT/api-rows.txt"

direct_run direct2
echo "load at the end: $(uptime | sed 's/.*load/load/')"
stop_host

python3 - "$OUT" "$count" "$clients" <<'PY'
import json, sys
out, count, clients = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
d1, d2, api = (json.load(open(f"{out}/{n}.json")) for n in ("direct1", "direct2", "api"))
rows, ready, last_processed, first_created = open(f"{out}/api-rows.txt").read().split()
rows, ready, last_processed = int(rows), int(ready), float(last_processed)
def rate(r): return r["uploads"] / (r["end"] - r["start"])
r1, r2 = rate(d1), rate(d2)
uploads_rate = api["uploads"] / (api["last_put_done"] - api["start"])
ready_rate = ready / (last_processed - api["start"])
ceiling = (r1 + r2) / 2
def verdict(ok): return "met" if ok else "NOT met"
print()
print(f"{count} uploads of 64 KiB, {clients} clients")
print(f"  direct to Azurite (before):  {r1:7.1f} uploads/s  ({d1['end'] - d1['start']:.1f} s, {d1['error_count']} errors)")
print(f"  direct to Azurite (after):   {r2:7.1f} uploads/s  ({d2['end'] - d2['start']:.1f} s, {d2['error_count']} errors)")
print(f"  API sessions, uploaded:      {uploads_rate:7.1f} uploads/s  ({api['last_put_done'] - api['start']:.1f} s to the last PUT, {api['error_count']} errors)")
print(f"  API sessions, until ready:   {ready_rate:7.1f} files/s    ({last_processed - api['start']:.1f} s to the last processed_at)")
print(f"  rows: {rows} files of the run, {ready} ready (no loss: {verdict(rows == count and ready == count)})")
print(f"  ratio ready rate / direct (mean of both): {ready_rate / ceiling:.2f}   target >= 0.5: {verdict(ready_rate / ceiling >= 0.5)}")
PY
echo "raw data and devhost log: $OUT"
