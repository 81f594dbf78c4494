#!/usr/bin/env bash
# Files API latency and throughput through devhost with 1,000,000 rows in `files`.
#
#   bench/files.sh [seconds]   (default 10, measured per case; each case has a 5 s warm-up first)
#
# Builds the app, starts it with bin/run --no-build (data in .devhost-bench/, -Xmx1g i.e. full JIT, rate limit
# out of the way), seeds 1,000,000 `ready` rows across 1,000 owners straight in PostgreSQL (one owner,
# bench-heavy, with 200,000 of them; skipped when already seeded), mints tokens with SampleTokenMain, gets a
# deep cursor by paging through the API, and measures with wrk (2 threads, --latency, a Lua script setting the
# Authorization header):
#   first page  GET /api/v1/files?limit=50                 (4 connections; cached in Redis, then uncached)
#   deep page   GET /api/v1/files?limit=50&cursor=<row 199,900 of 200,000>  (never cached)
#   by id       GET /api/v1/files/{id}, cached, cycling over one file of each of 16 owners (4 connections)
#   ceiling     /api/health/live vs cached GET by id          (16 connections each, same run)
# The host is started twice: CACHE_TTL_SECONDS=3600 (cached cases) then CACHE_TTL_SECONDS=0 (uncached cases).
# Loopback only. Needs wrk, psql and python3.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
seconds="${1:-10}"
warmup=5
require_tools wrk psql python3
cd "$ROOT"

HEAVY=bench-heavy
TENANT=bench-tenant
OUT="$(mktemp -d /tmp/bench-files.XXXXXX)"
export DEVHOST_DATA_DIR="$ROOT/.devhost-bench"
export DEVHOST_JAVA_OPTS="-Xmx1g"          # full JIT (bin/run's default favours start-up time)
# The limiter allows at most 1,000,000 per caller per minute (AppSettings caps it there), so: the largest value, the
# limiter's Redis keys dropped before every case, and the by-id cases spread over 16 owners (16 callers). The
# first-page and deep-page cases are one caller (bench-heavy): a 15 s case stays under the bucket's 1,000,000.
export RATE_LIMIT_PER_MINUTE=1000000       # env vars override local.settings.json values

echo "building (mvn -B -q package -DskipTests)..."
mvn -B -q package -DskipTests

host=""
host_port=""
pg_port=""
redis_port=""
cleanup() { [[ -n "$host" ]] && stop_group "$host"; host=""; }
trap cleanup EXIT

start_host() { # cache ttl seconds
  export CACHE_TTL_SECONDS="$1"
  host_port="$(free_port)"
  setsid bin/run --no-build --port "$host_port" >"$OUT/devhost-ttl$1.log" 2>&1 &
  host=$!
  wait_for_200 "http://127.0.0.1:$host_port/api/health/ready" >/dev/null \
    || { tail -30 "$OUT/devhost-ttl$1.log" >&2; exit 1; }
  pg_port="$(devhost_port "$OUT/devhost-ttl$1.log" postgres)"
  redis_port="$(devhost_port "$OUT/devhost-ttl$1.log" redis)"
  [[ -n "$pg_port" && -n "$redis_port" ]] || { echo "no PostgreSQL/Redis port in the devhost summary" >&2; exit 1; }
  echo "host on :$host_port (CACHE_TTL_SECONDS=$1), PostgreSQL on :$pg_port, Redis on :$redis_port"
}

sql() { PGOPTIONS='-c client_min_messages=warning' psql -X -q -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d aisaas "$@"; }

token() { sample_token "$1" "$TENANT"; }

lua_for() { # token file
  printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$1" >"$2"
}

declare -A P50 P99 RPS ERR
measure() { # key connections url lua
  local key="$1" conns="$2" url="$3" lua="$4"
  drop_rate_limits "$redis_port"
  wrk -t2 -c"$conns" -d"${warmup}s" -s "$lua" "$url" >/dev/null
  drop_rate_limits "$redis_port"
  wrk -t2 -c"$conns" -d"${seconds}s" --latency -s "$lua" "$url" >"$OUT/$key.txt"
  P50[$key]="$(wrk_ms "$(awk '$1=="50%" {print $2}' "$OUT/$key.txt")")"
  P99[$key]="$(wrk_ms "$(awk '$1=="99%" {print $2}' "$OUT/$key.txt")")"
  RPS[$key]="$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$OUT/$key.txt")"
  ERR[$key]="$(awk '/Non-2xx/ {print $NF} /Socket errors/ {print "sock"}' "$OUT/$key.txt" | paste -sd' ')"
  printf '  %-22s c=%-3s p50 %8s ms   p99 %8s ms   %8s req/s  %s\n' "$key" "$conns" "${P50[$key]}" "${P99[$key]}" \
    "${RPS[$key]}" "${ERR[$key]:+non-2xx/errors: ${ERR[$key]}}"
}

# --- run 1: cache on -------------------------------------------------------------------------------------
start_host 3600
seed_files_once "$TENANT" sql
heavy_token="$(token "$HEAVY")"
lua_for "$heavy_token" "$OUT/heavy.lua"
lua_for "$(token bench-owner-001)" "$OUT/other.lua"
lua_by_id "$OUT/by-id.lua" "$TENANT" sql
echo "paging to a deep cursor through the API (1,999 pages of 100)..."
t0="$(now_ms)"
mapfile -t deep < <(deep_cursor "$host_port" "$heavy_token")
cursor="${deep[0]}"; file_id="${deep[1]}"
[[ -n "$cursor" && -n "$file_id" ]] || { echo "no deep cursor" >&2; exit 1; }
echo "  took $(( ($(now_ms) - t0) / 1000 )) s; by-id file $file_id"
base="http://127.0.0.1:$host_port"
first_url="$base/api/v1/files?limit=50"
deep_url="$base/api/v1/files?limit=50&cursor=$cursor"
id_url="$base/api/v1/files/$file_id"
code() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $heavy_token" "$1"; }
for u in "$first_url" "$deep_url" "$id_url"; do   # (by-id cases use the 16 owners of by-id.lua)
  [[ "$(code "$u")" == 200 ]] || { echo "not 200: $u" >&2; exit 1; }
done
curl -s -H "Authorization: Bearer $heavy_token" "$deep_url" | python3 -c \
  'import json,sys; d=json.load(sys.stdin); print("  deep page: %d items, %s .. %s, nextCursor %s" % (len(d["items"]), d["items"][0]["createdAt"], d["items"][-1]["createdAt"], "yes" if d.get("nextCursor") else "no"))'

echo "measuring (wrk -t2, ${warmup} s warm-up + ${seconds} s each; CACHE_TTL_SECONDS=3600)..."
measure first_cached 4 "$first_url" "$OUT/heavy.lua"
measure deep 4 "$deep_url" "$OUT/heavy.lua"
measure id_cached 4 "$base/api/v1/files/x" "$OUT/by-id.lua"
measure live_c16 16 "$base/api/health/live" "$OUT/heavy.lua"   # anonymous; the header is ignored
measure id_cached_c16 16 "$base/api/v1/files/x" "$OUT/by-id.lua"

# The same queries in PostgreSQL alone (EXPLAIN ANALYZE, warm): the keyset claim without the HTTP path.
pos="$(sql -c "select created_at, id from files where owner_id = '$HEAVY' and status <> 'deleted'
               order by created_at desc, id desc offset 199899 limit 1" | tr '|' ' ')"
read -r pos_day pos_time pos_id <<<"$pos"
q="select * from files where owner_id = '$HEAVY' and status <> 'deleted'"
for label in first deep; do
  cond=""; [[ "$label" == deep ]] && cond=" and (created_at, id) < ('$pos_day $pos_time', '$pos_id')"
  sql -c "explain (analyze, buffers) $q$cond order by created_at desc, id desc limit 51" >/dev/null # warm
  sql -c "explain (analyze, buffers) $q$cond order by created_at desc, id desc limit 51" >"$OUT/explain-$label.txt"
  echo "  SQL $label page: $(grep -m1 -o 'Index [A-Za-z ]*Scan[^(]*' "$OUT/explain-$label.txt" | head -1)," \
       "$(grep -o 'Execution Time: .*' "$OUT/explain-$label.txt")"
done
cleanup

# --- run 2: cache off --------------------------------------------------------------------------------------
start_host 0
base="http://127.0.0.1:$host_port"
first_url="$base/api/v1/files?limit=50"
deep_url="$base/api/v1/files?limit=50&cursor=$cursor"
id_url="$base/api/v1/files/$file_id"
echo "measuring (CACHE_TTL_SECONDS=0)..."
measure first_uncached 4 "$first_url" "$OUT/heavy.lua"
measure deep_uncached 4 "$deep_url" "$OUT/heavy.lua"
measure id_uncached 4 "$base/api/v1/files/x" "$OUT/by-id.lua"
measure first_small_owner 4 "$first_url" "$OUT/other.lua"
cleanup

# --- summary -----------------------------------------------------------------------------------------------
row() { printf '| %-52s | %5s | %8s | %8s | %8s |\n' "$1" "$2" "${P50[$3]}" "${P99[$3]}" "${RPS[$3]}"; }
echo
echo "| case (wrk -t2, ${seconds} s) | conns | p50 ms | p99 ms | req/s |"
echo "|---|---|---|---|---|"
row "first page, limit=50, bench-heavy, cached" 4 first_cached
row "first page, limit=50, bench-heavy, uncached (TTL 0)" 4 first_uncached
row "first page, limit=50, 800-file owner, uncached" 4 first_small_owner
row "deep page (row 199,901), limit=50 (run 1)" 4 deep
row "deep page (row 199,901), limit=50 (run 2, TTL 0)" 4 deep_uncached
row "GET /files/{id}, cached" 4 id_cached
row "GET /files/{id}, uncached (TTL 0)" 4 id_uncached
row "/api/health/live (ceiling)" 16 live_c16
row "GET /files/{id}, cached" 16 id_cached_c16
echo
python3 - "${P99[deep]}" "${P99[first_cached]}" "${P99[deep_uncached]}" "${P99[first_uncached]}" \
  "${RPS[id_cached_c16]}" "${RPS[live_c16]}" <<'PY'
import sys
d1, f1, d2, f2, idr, live = map(float, sys.argv[1:])
def verdict(ok): return "met" if ok else "NOT met"
print(f"deep p99 / first-page p99 (cached first page, run 1): {d1 / f1:.2f}  target <= 1.5: {verdict(d1 / f1 <= 1.5)}")
print(f"deep p99 / first-page p99 (both uncached, run 2):     {d2 / f2:.2f}  target <= 1.5: {verdict(d2 / f2 <= 1.5)}")
print(f"cached by-id req/s / live req/s (16 conns):           {idr / live:.2f}  target >= 0.5: {verdict(idr / live >= 0.5)}")
PY
[[ -z "$(printf '%s' "${ERR[@]}")" ]] || echo "WARNING: some runs had non-2xx responses or socket errors (see $OUT)"
echo "raw wrk output, EXPLAINs and devhost logs: $OUT"
