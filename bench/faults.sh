#!/usr/bin/env bash
# The full fault run (docs/reliability.md, "The full fault run"): the packaged app under devhost with its own
# PostgreSQL, Redis and Azurite on spare loopback ports, continuous upload load from several clients, and one fault
# at a time — PostgreSQL restart, PostgreSQL outage, Redis down, Redis frozen (SIGSTOP), blob storage down, host
# SIGKILL while processing. After each fault it lets the upload sweeper run on its timer (every SWEEP_SECONDS for
# this run, instead of the default minute) and checks every acknowledged upload. Prints one table row per fault and
# writes the table to $OUT_DIR/faults-table.md. Stops only what it started (its own services and host, by PID).
#
#   bench/faults.sh                                  # all six faults, 6 clients, 30 s outages (~15 min)
#   FAULTS=pg-outage,host-kill CLIENTS=4 bench/faults.sh
#   BENCH_NO_BUILD=1 bench/faults.sh                 # use the classes and package as built
#
# Settings (environment): CLIENTS (6), OUTAGE_SECONDS (30: PostgreSQL and Redis), STORAGE_SECONDS (20),
# SWEEP_SECONDS (15), SETTLE_SECONDS (300: the bound on each fault's wait for final states), FAULTS (all).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

OUT_DIR="$(mktemp -d /tmp/bench-faults.XXXXXX)"
if [[ -z "${BENCH_NO_BUILD:-}" ]]; then
  echo "building (mvn -B -q -o install -pl devhost,shared,functions -DskipTests)..."
  mvn -B -q -o install -pl devhost,shared,functions -DskipTests
fi
CP_FILE="$OUT_DIR/functions-test-classpath.txt"
mvn -B -q -o -pl functions dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null

args=(--out "$OUT_DIR/faults-table.md"
      --clients "${CLIENTS:-6}"
      --outage-seconds "${OUTAGE_SECONDS:-30}"
      --storage-seconds "${STORAGE_SECONDS:-20}"
      --sweep-seconds "${SWEEP_SECONDS:-15}"
      --settle-seconds "${SETTLE_SECONDS:-300}")
[[ -n "${FAULTS:-}" ]] && args+=(--faults "$FAULTS")

echo "output in $OUT_DIR; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
# The driver starts its own services (LocalServices, spare ports) and devhost; its shutdown hook stops them.
# This tree's devhost and shared classes come first: the copies installed in ~/.m2 may be another build's.
java -Xmx512m -cp "$ROOT/functions/target/test-classes:$ROOT/functions/target/classes:$ROOT/devhost/target/classes:$ROOT/shared/target/classes:$(cat "$CP_FILE")" \
  com.aisaas.e2e.FaultSuiteMain "${args[@]}" 2>&1 | tee "$OUT_DIR/run.log"
echo "table: $OUT_DIR/faults-table.md; load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
