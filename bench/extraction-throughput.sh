#!/usr/bin/env bash
# Text extraction throughput of the processing path (TextExtractor: bounded handler, time bound, language
# detection) vs Tika alone on the same PDFs and Office files in one JVM (shared's ExtractionThroughputMain; the
# corpus is generated in the JVM, seed 42, nothing downloaded).
#
#   bench/extraction-throughput.sh [documents-per-type] [rounds]    (default 40 each of PDF/docx/xlsx, 5 rounds)
#
# Heap: -Xmx256m, the processing benchmarks' limit (docs/benchmarks.md); the peak heap in use is printed. Needs
# the shared module built with its tests compiled (mvn -B -o -q install -pl devhost,shared -DskipTests).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
[[ -d shared/target/test-classes && -f shared/target/classpath.txt ]] || { echo "build shared first" >&2; exit 1; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx256m -Dlogback.configurationFile="$ROOT/bench/logback-quiet.xml" \
  -cp "shared/target/test-classes:shared/target/classes:$(cat shared/target/classpath.txt)" \
  com.aisaas.search.ExtractionThroughputMain "${1:-40}" "${2:-5}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
