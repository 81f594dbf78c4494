#!/usr/bin/env bash
# Upload-processing throughput: the app's processing path over one large blob in Azurite vs the Blob SDK's
# downloadStream of the same blob into a null sink (the storage ceiling), and the CPU side alone (SHA-256 probe +
# detection over a local file stream) vs `openssl dgst -sha256` of the same file; same JVM, same run, alternating.
#
#   bench/processing-throughput.sh [MiB] [rounds]   (default 1024 MiB, 3 rounds; BENCH_NO_BUILD=1 skips the build)
#
# Builds (mvn -B -q package -DskipTests; test classes too), writes a random file of MiB MiB in /tmp (kept for reruns),
# then runs com.aisaas.processing.ProcessingThroughputMain (shared's test classes) with -Xmx256m, the worker's JVM
# options from local.settings.sample.json (BENCH_WORKER_ARGS="" to run without them) and a GC log: it
# starts Azurite alone through LocalServices (temporary data), uploads the file, and measures. Prints MB/s
# (MB = 10^6 bytes; also a prototype of the path with the hash on a second thread), the ratios vs the targets (app / SDK >= 0.8, local probe / openssl >= 0.6), the peak heap and
# the CPU's SHA facts (sha_ni, the JVM's UseSHA intrinsics). Needs openssl and python3.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mib="${1:-1024}"
rounds="${2:-3}"
require_tools openssl python3
cd "$ROOT"
OUT="$(mktemp -d /tmp/bench-processing-throughput.XXXXXX)"

echo "load before: $(uptime)"
if [[ -z "${BENCH_NO_BUILD:-}" ]]; then   # BENCH_NO_BUILD=1: use the classes as built
  echo "building (mvn -B -q package -DskipTests)..."
  mvn -B -q package -DskipTests
fi

data="/tmp/aisaas-bench-random-${mib}MiB.bin"
if [[ ! -f "$data" || "$(stat -c %s "$data")" != "$(( mib * 1048576 ))" ]]; then
  echo "writing $mib MiB of random bytes to $data..."
  head -c "$(( mib * 1048576 ))" /dev/urandom >"$data.tmp" && mv "$data.tmp" "$data"
fi

echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores;" \
  "sha_ni in /proc/cpuinfo: $(grep -q -w sha_ni /proc/cpuinfo && echo yes || echo no)," \
  "avx2: $(grep -q -w avx2 /proc/cpuinfo && echo yes || echo no)"
echo "JVM: $(java -version 2>&1 | head -1); SHA intrinsics:" \
  "$(java -XX:+UnlockDiagnosticVMOptions -XX:+PrintFlagsFinal -version 2>/dev/null \
      | awk '$2 ~ /^(UseSHA|UseSHA256Intrinsics|UseAVX)$/ {printf "%s=%s ", $2, $4}')"
echo "openssl: $(openssl version)"

cp="$ROOT/shared/target/test-classes:$ROOT/shared/target/classes:$(cat shared/target/classpath.txt)"
cp="$cp:$ROOT/devhost/target/classes:$(cat devhost/target/classpath.txt)"
# The worker's JVM options as the app runs with them (languageWorkers__java__arguments, local.settings.sample.json and
# the Bicep app settings); the SDK baseline runs in the same JVM, so both passes get them. BENCH_WORKER_ARGS overrides.
worker_args="${BENCH_WORKER_ARGS-$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["Values"].get("languageWorkers__java__arguments", ""))' local.settings.sample.json)}"
echo "measuring ($rounds rounds, -Xmx256m, worker JVM options: ${worker_args:-none}; GC log $OUT/gc.log)..."
# shellcheck disable=SC2086 # worker_args is a list of JVM options
java $worker_args -Xmx256m -Xlog:gc:file="$OUT/gc.log" -Dlogback.configurationFile="$ROOT/bench/logback-quiet.xml" -cp "$cp" com.aisaas.processing.ProcessingThroughputMain \
  --file "$data" --rounds "$rounds" | tee "$OUT/result.txt"

# The GC log's largest "before" figure of a collection ("Pause Young ... 120M->8M(256M)") is the heap's peak occupancy.
gc_peak="$(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$OUT/gc.log" | sed 's/M->.*//' | sort -n | tail -1)"
gc_count="$(grep -c 'Pause' "$OUT/gc.log" || true)"
python3 - "$OUT/result.txt" "${gc_peak:-0}" "$gc_count" <<'PY'
import sys
r = dict(line.strip().split("=", 1) for line in open(sys.argv[1]) if "=" in line and not line.startswith("round "))
gc_peak, gc_count = sys.argv[2], sys.argv[3]
sdk, app = float(r["sdk_mbps_median"]), float(r["app_mbps_median"])
cpu, ssl = float(r["cpu_probe_mbps_median"]), float(r["openssl_mbps_median"])
def verdict(ok): return "met" if ok else "NOT met"
print()
print(f"blob {int(r['size_bytes']) / 1048576:.0f} MiB, {r['rounds']} rounds (median; all rounds in MB/s)")
print(f"  SDK downloadStream -> null sink (ceiling): {sdk:8.1f} MB/s  [{r['sdk_mbps_all']}]")
print(f"  app: downloadTo(ContentProbe)+detect+meta: {app:8.1f} MB/s  [{r['app_mbps_all']}]")
print(f"  ratio app / SDK: {app / sdk:.2f}   target >= 0.8: {verdict(app / sdk >= 0.8)}")
def paired(a, b): return ", ".join(f"{float(x) / float(y):.2f}" for x, y in zip(r[a].split(","), r[b].split(",")))
print(f"  per round (app and SDK passes back to back): {paired('app_mbps_all', 'sdk_mbps_all')}")
pipe = float(r["pipelined_mbps_median"])
print(f"  prototype, hash on a second thread:        {pipe:8.1f} MB/s  [{r['pipelined_mbps_all']}]  ratio {pipe / sdk:.2f};"
      f" per round {paired('pipelined_mbps_all', 'sdk_mbps_all')}")
jdk = float(r["jdk_sha_mbps_median"])
print(f"  (if the download and the hash did not overlap at all: 1 / (1/SDK + 1/JDK SHA-256) = {1 / (1 / sdk + 1 / jdk):.1f} MB/s)")
print(f"  local file -> ContentProbe + detection:    {cpu:8.1f} MB/s  [{r['cpu_probe_mbps_all']}]")
print(f"  JDK SHA-256 alone (MessageDigest), same:  {float(r['jdk_sha_mbps_median']):8.1f} MB/s  [{r['jdk_sha_mbps_all']}]")
print(f"  openssl dgst -sha256, same file:           {ssl:8.1f} MB/s  [{r['openssl_mbps_all']}]")
print(f"  ratio probe / openssl: {cpu / ssl:.2f}   target >= 0.6: {verdict(cpu / ssl >= 0.6)}")
print(f"  per round: {paired('cpu_probe_mbps_all', 'openssl_mbps_all')}")
print(f"  heap: max {r['heap_max_mib']} MiB (-Xmx256m held: the run finished without OutOfMemoryError);"
      f" peak used {r['heap_peak_mib']} MiB (sum of pool peaks); GC log peak before a collection {gc_peak} MiB"
      f" over {gc_count} pauses")
PY
echo "load after: $(uptime)"
echo "raw output and GC log: $OUT"
