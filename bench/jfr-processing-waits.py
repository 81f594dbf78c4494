#!/usr/bin/env python3
"""Where ProcessUpload invocations wait and spend CPU, from a JFR recording of the devhost host JVM:

  BENCH_HOST_OPTS="-XX:StartFlightRecording=filename=/tmp/lat.jfr,settings=profile" bench/processing-latency.sh 100 100
  python3 bench/jfr-processing-waits.py /tmp/lat.jfr

Sums jdk.ThreadPark and jdk.SocketRead durations (events above the profile settings' thresholds) and counts
jdk.ExecutionSample events on devhost-blobtrigger threads inside UploadProcessor, by the innermost app frames.
Needs the JDK's jfr tool on the PATH."""
import collections
import json
import re
import subprocess
import sys

f = sys.argv[1]
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events",
                      "jdk.ThreadPark,jdk.SocketRead,jdk.ExecutionSample", f], capture_output=True, text=True, check=True).stdout
events = json.loads(out)["recording"]["events"]
def dur(s):
    m = re.match(r"PT(?:(\d+)M)?([\d.]+)S", s); return (int(m.group(1) or 0) * 60 + float(m.group(2))) * 1000 if m else 0
wait = collections.Counter(); cnt = collections.Counter(); cpu = collections.Counter()
for e in events:
    v = e["values"]
    th = (v.get("eventThread") or v.get("sampledThread") or {}).get("javaName", "")
    if not th.startswith("devhost-blobtrigger"): continue
    frames = [fr["method"]["type"]["name"].replace("/", ".") + "." + fr["method"]["name"] for fr in (v.get("stackTrace") or {}).get("frames", [])]
    if not any("UploadProcessor" in x for x in frames): continue
    app = [x for x in frames if x.startswith("com.aisaas.") and "Lambda" not in x and ".devhost." not in x][:2]
    key = " < ".join(app)
    if e["type"] == "jdk.ExecutionSample":
        cpu[key + " | top " + frames[0]] += 1
    else:
        k = (e["type"].split(".")[1], key, str(v.get("port", "")) if e["type"] == "jdk.SocketRead" else "")
        wait[k] += dur(v["duration"]); cnt[k] += 1
print("waits (>= JFR threshold) inside UploadProcessor on blob-trigger threads: total ms, count, where")
for k, ms in wait.most_common(12): print(f"  {ms:8.0f} {cnt[k]:5d}  {k}")
print("CPU samples inside UploadProcessor:")
for k, n in cpu.most_common(10): print(f"  {n:4d}  {k}")
