#!/usr/bin/env bash
# Backup export and verification with 1,000,000 file rows, side by side with pg_dump -Fc of the same tables.
#
#   bench/backup.sh [rounds]   (default 2: each round runs pg_dump -Fc, the export and the verification once)
#
# PostgreSQL: the machine's PostgreSQL 15 server on 127.0.0.1:5432 (BENCH_PG_PORT) with /usr/bin/pg_dump 15, a
# matching pair (the embedded zonky server is 17 and there is no pg_dump 17 here); the script refuses a major
# version mismatch. It uses its own database aisaas_backup_bench (created and migrated on first use). Storage: its
# own Azurite from node_modules on a free port, data in a temporary folder, stopped at the end.
# Seeds (skipped when already seeded) 1,000,000 `ready` files rows (as bench/files.sh; access tier Archive, which
# the blob sample skips) plus 20 Hot `ready` rows whose blobs exist (uploaded by bench/BackupBenchBlobs.java, so
# the sample of BACKUP_VERIFY_SAMPLE_SIZE=20 re-hashes real blobs), 200,000 audit_log rows and some rows in the
# other tables; then ANALYZE and a warm-up read of every table.
# Each command runs in its own process under /usr/bin/time -v (wall time, max RSS); the export and verification
# JVMs run with -Xmx128m and a GC log (the largest heap still in use after a GC). Export speed = rows and COPY bytes per second of the
# export's own elapsed time (JVM start excluded; pg_dump's process start is a few ms).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rounds="${1:-2}"
PG_PORT="${BENCH_PG_PORT:-5432}"
DB=aisaas_backup_bench
XMX="${BENCH_XMX:-128m}"
require_tools psql pg_dump python3 node /usr/bin/time
cd "$ROOT"
OUT="$(mktemp -d /tmp/bench-backup.XXXXXX)"

psql_admin() { psql -X -q -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }
sql() { PGOPTIONS='-c client_min_messages=warning' psql_admin -d "$DB" "$@"; }

server_major="$(psql_admin -d postgres -c 'show server_version_num' | cut -c1-2)"
dump_major="$(pg_dump --version | sed -n 's/.* \([0-9][0-9]*\)\.[0-9].*/\1/p')"
[[ "$server_major" == "$dump_major" ]] \
  || { echo "pg_dump $dump_major does not match the server's major version $server_major" >&2; exit 1; }
echo "PostgreSQL $(psql_admin -d postgres -c 'show server_version') on :$PG_PORT, $(pg_dump --version)"

echo "building (mvn -B -q -pl tools -am package -DskipTests)..."
mvn -B -q -pl tools -am package -DskipTests
CP="$ROOT/tools/target/classes:$(cat tools/target/classpath.txt)"

# --- Azurite -------------------------------------------------------------------------------------------------
azurite_port="$(free_port)"
mkdir -p "$OUT/azurite"
setsid node "$ROOT/node_modules/azurite/dist/src/blob/main.js" --blobHost 127.0.0.1 --blobPort "$azurite_port" \
  --location "$OUT/azurite" --skipApiVersionCheck --loose --disableTelemetry >"$OUT/azurite.log" 2>&1 &
azurite=$!
cleanup() { [[ -n "${azurite:-}" ]] && stop_group "$azurite"; azurite=""; rm -rf "$OUT/azurite" "$OUT"/*.dump; }
trap cleanup EXIT
for _ in $(seq 1 100); do (echo >/dev/tcp/127.0.0.1/"$azurite_port") 2>/dev/null && break; sleep 0.1; done
AZ_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
export UploadsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$AZ_KEY;BlobEndpoint=http://127.0.0.1:$azurite_port/devstoreaccount1;"
export DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$DB" DB_USER=postgres DB_PASSWORD="" APP_ENVIRONMENT=local
export BACKUP_VERIFY_SAMPLE_SIZE=20 BACKUP_RPO_HOURS=26 LOG_LEVEL=WARN
echo "Azurite on :$azurite_port (data in $OUT/azurite)"

backup() { # label command... : runs bin/backup's main class under /usr/bin/time -v; JSON result to $OUT/<label>.json
  local label="$1"; shift
  /usr/bin/time -v -o "$OUT/$label.time" java -Xmx"$XMX" -Xlog:gc:file="$OUT/$label.gc.log" -cp "$CP" \
    com.aisaas.tools.BackupMain "$@" >"$OUT/$label.json" 2>"$OUT/$label.err" \
    || { echo "$label failed:" >&2; cat "$OUT/$label.err" "$OUT/$label.json" >&2; return 1; }
}
wall_ms() { # from /usr/bin/time -v: "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:12.34"
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%d", s * 1000 }' "$1"
}
cpu_s() { awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.1f", s }' "$1"; }
rss_mb() { awk -F': ' '/Maximum resident set size/ { printf "%d", $2 / 1024 }' "$1"; }
heap_mb() { # the largest heap still in use after a GC (live data), from -Xlog:gc lines "... 45M->12M(128M) ..."
  { grep -o '[0-9]*M->[0-9]*M' "$1" || true; } | awk -F'->' '{ a = $2 + 0; if (a > m) m = a } END { printf "%d", m }'
}
json() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {"d": d}))' "$@"; }

# --- schema and seed -----------------------------------------------------------------------------------------
if [[ "$(psql_admin -d postgres -c "select count(*) from pg_database where datname = '$DB'")" == 0 ]]; then
  psql_admin -d postgres -c "create database $DB"
fi
backup migrate prune >/dev/null           # the first use of the database migrates it (DB_MIGRATE_ON_START)
seeded="$(sql -c "select count(*) from files where owner_id like 'bench-%'")"
if [[ "$seeded" != 1000020 ]]; then
  echo "seeding 1,000,000 files rows, 200,000 audit_log rows and 20 files with real blobs (was $seeded)..."
  t0="$(now_ms)"
  { echo "truncate files, audit_log, processed_events, health_checks, dead_letters;"
    seed_files_sql bench-tenant Archive
    cat <<'SQL'
insert into audit_log (at, actor, action, file_id, request_id, details)
select timestamptz '2025-01-01 00:00:00+00' + g * interval '150 seconds', 'bench-owner-' || lpad((g % 999 + 1)::text, 3, '0'),
       (array['file.created', 'file.renamed', 'file.deleted', 'file.restored'])[g % 4 + 1], gen_random_uuid(),
       'req-' || g, jsonb_build_object('ip', '10.0.' || (g % 250) || '.' || (g % 200), 'agent', 'bench/1.0')
from generate_series(1, 200000) as g;
insert into processed_events (event_id, event_type, subject, blob_etag, sequencer, status, outcome, completed_at)
select 'evt-' || g, 'Microsoft.Storage.BlobCreated', '/blobServices/default/containers/uploaded-files/blobs/x' || g,
       '0x' || g, lpad(g::text, 20, '0'), 'completed', 'ready', now() from generate_series(1, 20000) as g;
insert into health_checks (checked_at, component, status, latency_ms, details)
select now() - g * interval '5 minutes', (array['postgres', 'redis', 'blob', 'keyvault'])[g % 4 + 1], 'UP', g % 40, '{}'
from generate_series(1, 8000) as g;
insert into dead_letters (source, event_id, payload, reason, attempts)
select 'eventgrid', 'dead-' || g, jsonb_build_object('id', g), 'poison', 3 from generate_series(1, 100) as g;
SQL
  } | sql
  java -cp "$CP" bench/BackupBenchBlobs.java "$UploadsStorage" 20 >"$OUT/blobs.txt"
  while IFS='|' read -r id tenant owner path sha size; do
    sql -c "insert into files (id, tenant_id, owner_id, name, size_bytes, declared_size_bytes, sha256, status,
              blob_path, access_tier, processed_at)
            values ('$id', '$tenant', '$owner', 'sample.txt', $size, $size, '$sha', 'ready', '$path', 'Hot', now())"
  done <"$OUT/blobs.txt"
  sql -c "analyze"
  echo "seeded in $(( ($(now_ms) - t0) / 1000 )) s"
else
  echo "already seeded: 1,000,020 bench files rows"
  # The sample blobs live in Azurite, which starts empty every run: upload fresh ones and point the Hot rows at them.
  sql -c "delete from files where access_tier = 'Hot' and owner_id like 'bench-sample-%'"
  java -cp "$CP" bench/BackupBenchBlobs.java "$UploadsStorage" 20 >"$OUT/blobs.txt"
  while IFS='|' read -r id tenant owner path sha size; do
    sql -c "insert into files (id, tenant_id, owner_id, name, size_bytes, declared_size_bytes, sha256, status,
              blob_path, access_tier, processed_at)
            values ('$id', '$tenant', '$owner', 'sample.txt', $size, $size, '$sha', 'ready', '$path', 'Hot', now())"
  done <"$OUT/blobs.txt"
fi
TABLES=(audit_log dead_letters files health_checks processed_events)
counts="$(for t in "${TABLES[@]}"; do printf '%s=%s ' "$t" "$(sql -c "select count(*) from $t")"; done)"
echo "rows: $counts"
copy_mb="$(sql -c "select round(sum(pg_relation_size(c.oid)) / 1048576.0) from pg_class c
                    where relname in ('audit_log','dead_letters','files','health_checks','processed_events')")"
echo "heap size of the tables: ${copy_mb} MB; warming the cache..."
for t in "${TABLES[@]}"; do sql -c "select count(*) from $t" >/dev/null; done

# --- rounds --------------------------------------------------------------------------------------------------
declare -a DUMP_MS EXPORT_MS EXPORT_WALL EXPORT_RSS EXPORT_HEAP VERIFY_MS VERIFY_WALL VERIFY_RSS VERIFY_HEAP
table_args=(); for t in "${TABLES[@]}"; do table_args+=(-t "$t"); done
for r in $(seq 1 "$rounds"); do
  echo "round $r/$rounds"
  /usr/bin/time -v -o "$OUT/dump$r.time" pg_dump -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$DB" -Fc "${table_args[@]}" \
    -f "$OUT/round$r.dump"
  DUMP_MS[$r]="$(wall_ms "$OUT/dump$r.time")"
  dump_bytes="$(stat -c %s "$OUT/round$r.dump")"
  echo "  pg_dump -Fc:  ${DUMP_MS[$r]} ms, $(( dump_bytes / 1048576 )) MB, CPU $(cpu_s "$OUT/dump$r.time") s, max RSS $(rss_mb "$OUT/dump$r.time") MB"
  rm -f "$OUT/round$r.dump"

  backup "export$r" export
  EXPORT_MS[$r]="$(json "$OUT/export$r.json" 'd["elapsedMs"]')"
  EXPORT_WALL[$r]="$(wall_ms "$OUT/export$r.time")"; EXPORT_RSS[$r]="$(rss_mb "$OUT/export$r.time")"
  EXPORT_HEAP[$r]="$(heap_mb "$OUT/export$r.gc.log")"
  echo "  export:       ${EXPORT_MS[$r]} ms in the JVM (${EXPORT_WALL[$r]} ms wall), $(json "$OUT/export$r.json" 'd["bytes"] // 1048576') MB in $(json "$OUT/export$r.json" 'd["parts"]') parts, CPU $(cpu_s "$OUT/export$r.time") s, max RSS ${EXPORT_RSS[$r]} MB, live heap after GC ≤ ${EXPORT_HEAP[$r]} MB (-Xmx$XMX)"

  backup "verify$r" verify
  VERIFY_MS[$r]="$(json "$OUT/verify$r.json" 'd["elapsedMs"]')"
  VERIFY_WALL[$r]="$(wall_ms "$OUT/verify$r.time")"; VERIFY_RSS[$r]="$(rss_mb "$OUT/verify$r.time")"
  VERIFY_HEAP[$r]="$(heap_mb "$OUT/verify$r.gc.log")"
  echo "  verification: ${VERIFY_MS[$r]} ms in the JVM (${VERIFY_WALL[$r]} ms wall), passed=$(json "$OUT/verify$r.json" 'd["passed"]'), CPU $(cpu_s "$OUT/verify$r.time") s, max RSS ${VERIFY_RSS[$r]} MB, live heap after GC ≤ ${VERIFY_HEAP[$r]} MB"
done
rows_total="$(json "$OUT/export1.json" 'd["rows"]')"

# --- summary -------------------------------------------------------------------------------------------------
echo
echo "| round | pg_dump -Fc ms | export ms (JVM / wall) | export ÷ pg_dump speed | verify ms (JVM / wall) | verify ÷ export time | export max RSS / live heap MB | verify max RSS / live heap MB |"
echo "|---|---|---|---|---|---|---|---|"
for r in $(seq 1 "$rounds"); do
  python3 - "$r" "${DUMP_MS[$r]}" "${EXPORT_MS[$r]}" "${EXPORT_WALL[$r]}" "${VERIFY_MS[$r]}" "${VERIFY_WALL[$r]}" \
    "${EXPORT_RSS[$r]}" "${EXPORT_HEAP[$r]}" "${VERIFY_RSS[$r]}" "${VERIFY_HEAP[$r]}" <<'PY'
import sys
r, dump, exp, expw, ver, verw, ers, ehp, vrs, vhp = sys.argv[1:]
dump, exp, expw, ver, verw = map(float, (dump, exp, expw, ver, verw))
print(f"| {r} | {dump:.0f} | {exp:.0f} / {expw:.0f} | {dump / exp:.2f} (wall {dump / expw:.2f}) | {ver:.0f} / {verw:.0f} "
      f"| {ver / exp:.2f} | {ers} / {ehp} | {vrs} / {vhp} |")
PY
done
echo
echo "rows exported: $rows_total; targets: export ÷ pg_dump speed ≥ 0.9, verification ≤ 3 × export time"
echo "raw outputs (JSON results, /usr/bin/time -v, GC logs): $OUT"
