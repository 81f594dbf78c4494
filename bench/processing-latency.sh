#!/usr/bin/env bash
# Upload-to-ready latency through devhost: sequential 1 MiB uploads through the API's upload sessions,
# split into processing time and event delay.
#
#   bench/processing-latency.sh [count] [poll-ms...]   (default 200 files; DEVHOST_EVENT_POLL_MS 500, then 100, the default)
#
# BENCH_BODY=words uploads English prose-like text instead of base64 lines (bench/uploads.py --body), which is what
# text extraction and the search index work on; EXTRACT_ENABLED=false|true (env overrides local.settings.json)
# measures the same uploads with extraction off and on. BENCH_WAIT_FINAL=1 waits, after each measured upload, until
# the file is ready (or rejected/failed) before the next one: processing times of files processed one at a time,
# instead of under the backlog that back-to-back uploads of files slower to process than to upload build up.
#
# For each poll interval: starts bin/run --no-build with fresh data (so the watcher lists only this run's blobs), full
# JIT (-Xmx1g), RATE_LIMIT_PER_MINUTE=100000 and bench/logback-devhost.xml; makes BENCH_WARMUP (default 200) warm-up uploads, so the JIT has compiled
# the processing path (the first few dozen files of a fresh JVM take 0.2-1.5 s each), then `count`
# measured ones, one at a time (bench/uploads.py: POST /api/v1/files/uploads, PUT <uploadUrl>), waits until all are
# ready, and per file computes
#   end to end  = files.processed_at - the client's PUT completion time (same machine, same clock)
#   processing  = the ProcessUpload invocation's duration (devhost's "Executed 'Functions.ProcessUpload'
#                 (Succeeded, ..., Duration=Nms, blob uploaded-files/<tenant>/<owner>/<fileId>/<name>)" line)
#   to ready    = from the invocation's start to UploadProcessor's "file <id> is ready" log line (after the
#                 verdict's commit and the upload's deletion; the search vector and the event come after it)
#   event delay = end to end - processing (watcher poll + listing + delivery + blob trigger queue)
# and prints p50/p99/max of each; /api/metrics's ProcessUpload quantiles as a cross-check. Needs psql and python3.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/processing-lib.sh"
count="${1:-200}"
shift || true
polls=("$@")
(( ${#polls[@]} )) || polls=(500 100)
size=$(( 1024 * 1024 ))
warmup="${BENCH_WARMUP:-200}"
begin_run latency
function_key="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["Values"]["DEVHOST_FUNCTION_KEY"])' \
  "$([[ -f local.settings.json ]] && echo local.settings.json || echo local.settings.sample.json)")"

for poll in "${polls[@]}"; do
  export DEVHOST_EVENT_POLL_MS="$poll"
  log="$OUT/devhost-poll$poll.log"
  start_host "$OUT/data-poll$poll" "$log" invocations
  tok="$(token "bench-latency")"
  echo "load: $(uptime | sed 's/.*load/load/')"
  python3 bench/uploads.py sessions --port "$host_port" --tokens "$tok" --count "$warmup" --size "$size" --clients 1 \
    --body "${BENCH_BODY:-base64}" --tag "warm$poll" --out "$OUT/warm-poll$poll.jsonl" >/dev/null
  wait_ready "warm$poll" "$warmup" 300 >/dev/null
  echo "uploading $count x 1 MiB, one at a time..."
  python3 bench/uploads.py sessions --port "$host_port" --tokens "$tok" --count "$count" --size "$size" --clients 1 \
    --body "${BENCH_BODY:-base64}" ${BENCH_WAIT_FINAL:+--wait-final} --tag "lat$poll" --out "$OUT/uploads-poll$poll.jsonl" | tee "$OUT/summary-poll$poll.json"
  wait_ready "lat$poll" "$count" 300 >/dev/null
  echo "load: $(uptime | sed 's/.*load/load/')"
  sql -F ' ' -c "select id, extract(epoch from processed_at) from files where name like 'lat$poll-%' and status = 'ready'" \
    >"$OUT/processed-poll$poll.txt"
  curl -s -H "x-functions-key: $function_key" "http://127.0.0.1:$host_port/api/metrics" \
    | grep 'function_invocations_percentiles.*function="ProcessUpload"' >"$OUT/metrics-poll$poll.txt" || true
  stop_host
  python3 - "$OUT/uploads-poll$poll.jsonl" "$OUT/processed-poll$poll.txt" "$log" "$OUT/metrics-poll$poll.txt" "$poll" <<'PY'
import json, math, re, sys
uploads_file, processed_file, log_file, metrics_file, poll = sys.argv[1:]
uploads = {r["fileId"]: r for r in map(json.loads, open(uploads_file))}
processed = {}
for line in open(processed_file):
    if line.strip():
        fid, at = line.split()
        processed[fid] = float(at)
from datetime import datetime
durations, ended, ready_at = {}, {}, {}
pattern = re.compile(r"Executed 'Functions\.ProcessUpload' \(Succeeded, Id=[^,]*, Duration=(\d+)ms, blob uploaded-files/[^/]+/[^/]+/([0-9a-f-]{36})/")
ready_line = re.compile(r" file ([0-9a-f-]{36}) is ready$")
def stamp(line): return datetime.fromisoformat(line.split(" ", 1)[0].replace("Z", "+00:00")).timestamp()
for line in open(log_file):
    m = pattern.search(line)
    if m:
        durations[m.group(2)] = float(m.group(1))  # the last success per file (there is one per file)
        ended[m.group(2)] = stamp(line)
    m = ready_line.search(line.rstrip())
    if m:
        ready_at[m.group(1)] = stamp(line)
ids = [i for i in uploads if i in processed and i in durations]
missing = len(uploads) - len(ids)
e2e = sorted((processed[i] - uploads[i]["put_done"]) * 1000 for i in ids)
proc = sorted(durations[i] for i in ids)
delay = sorted((processed[i] - uploads[i]["put_done"]) * 1000 - durations[i] for i in ids)
# to ready: from the invocation's start (its end minus its duration) to UploadProcessor's "file <id> is ready" line,
# logged after the verdict's commit and the upload's deletion (log timestamps: milliseconds)
to_ready = sorted((ready_at[i] - (ended[i] - durations[i] / 1000)) * 1000 for i in ids if i in ready_at)
def q(v, p): return v[max(0, math.ceil(p * len(v)) - 1)]  # nearest rank
def verdict(ok): return "met" if ok else "NOT met"
print(f"DEVHOST_EVENT_POLL_MS={poll}: {len(ids)} files ({missing} without a ready row or a log line)")
for name, v in (("end to end", e2e), ("processing", proc), ("to ready", to_ready), ("event delay", delay)):
    if v:
        print(f"  {name:12s} p50 {q(v, .5):7.1f} ms   p99 {q(v, .99):7.1f} ms   max {v[-1]:7.1f} ms")
print(f"  processing p99 <= 100 ms: {verdict(q(proc, .99) <= 100)};  end to end p99 <= 1 s: {verdict(q(e2e, .99) <= 1000)}")
quantiles = {}
for line in open(metrics_file):
    m = re.search(r'outcome="success".*quantile="([0-9.]+)".*\}\s+([0-9.eE+-]+)', line) or \
        re.search(r'quantile="([0-9.]+)".*outcome="success".*\}\s+([0-9.eE+-]+)', line)
    if m:
        quantiles[m.group(1)] = float(m.group(2)) * 1000
if quantiles:
    print("  /api/metrics ProcessUpload (in-app timer, last minutes): "
          + ", ".join(f"p{float(k) * 100:g} {v:.1f} ms" for k, v in sorted(quantiles.items())))
PY
done
echo "raw data and devhost logs: $OUT"
