#!/usr/bin/env bash
# What tenant isolation costs the files API: this tree against the same API built from a commit before it
# (row-level security as the runtime role, tenant + owner scope in every query, cache key and cursor), both hosts up
# at once on the same machine, the cases alternated round by round so both sides see the same machine.
#
#   bench/isolation.sh <commit before isolation> [rounds] [seconds]     (defaults: 5 rounds, 10 s per case)
#
# The older commit is checked out as a git worktree in .devhost-bench/isolation-before (ignored by git) and built
# there. Each side gets its own devhost data directory, so its own PostgreSQL, Redis and Azurite, and the same
# 1,000,000 seeded `ready` rows (lib.sh's seed statement: bench-heavy 200,000 of them, 999 other owners ~800 each,
# tenant bench-tenant). Tokens come from this tree's SampleTokenMain (the older tree ignores the tid claim and
# accepts them: same local signing key, issuer and audience). Per round and side, with wrk (2 threads, --latency,
# a 5 s warm-up then the measured seconds, the rate limiter's keys dropped before each):
#   by id       GET /api/v1/files/{id}, cached, one file of each of 16 owners (16 callers), 4 connections
#   first page  GET /api/v1/files?limit=50, cached, bench-heavy, 4 connections
#   deep page   GET /api/v1/files?limit=50&cursor=<row 199,900 of 200,000>, never cached (the SQL path), 4 connections
# Prints each measurement, then per case the median p99 and req/s of each side over the rounds and before/after.
# BENCH_NO_BUILD=1 skips both builds. Loopback only. Needs wrk, psql, python3, git.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
before_rev="${1:?usage: bench/isolation.sh <commit before isolation> [rounds] [seconds]}"
rounds="${2:-5}"
seconds="${3:-10}"
warmup=5
require_tools wrk psql python3 git
cd "$ROOT"

TENANT=bench-tenant
HEAVY=bench-heavy
BEFORE="$ROOT/.devhost-bench/isolation-before"
OUT="$(mktemp -d /tmp/bench-isolation.XXXXXX)"
export DEVHOST_JAVA_OPTS="-Xmx1g"     # full JIT on both sides
export RATE_LIMIT_PER_MINUTE=1000000  # env vars override local.settings.json values
export CACHE_TTL_SECONDS=3600
export CONSOLE=off

rev="$(git rev-parse --verify "$before_rev^{commit}")"
if [[ -d "$BEFORE" ]]; then
  [[ "$(git -C "$BEFORE" rev-parse HEAD)" == "$rev" ]] \
    || { echo "$BEFORE holds another commit; remove it (git worktree remove --force $BEFORE)" >&2; exit 1; }
else
  mkdir -p "$(dirname "$BEFORE")"
  git worktree add --detach "$BEFORE" "$rev" >/dev/null
fi
[[ -e "$BEFORE/node_modules" ]] || ln -s "$ROOT/node_modules" "$BEFORE/node_modules"   # devhost's Azurite

if [[ -z "${BENCH_NO_BUILD:-}" ]]; then   # BENCH_NO_BUILD=1: both packages as built
  echo "building this tree and $(git log -1 --format='%h %s' "$rev" | cut -c1-90) ..."
  mvn -B -q package -DskipTests
  (cd "$BEFORE" && mvn -B -q package -DskipTests)
fi

declare -A HOST PORT PG REDIS
cleanup() { local side; for side in "${!HOST[@]}"; do stop_group "${HOST[$side]}"; done; }
trap cleanup EXIT

start_side() { # side tree-root
  local side="$1" tree="$2" log="$OUT/devhost-$1.log"
  PORT[$side]="$(free_port)"
  # setsid straight from this shell, so that $! is the new process group's leader and stop_group reaches the host
  DEVHOST_DATA_DIR="$tree/.devhost-bench" setsid bash -c 'cd "$1" && exec bin/run --no-build --port "$2"' _ \
    "$tree" "${PORT[$side]}" >"$log" 2>&1 &
  HOST[$side]=$!
  # ready, not live: the first readiness check builds the pool and runs the migrations
  wait_for_200 "http://127.0.0.1:${PORT[$side]}/api/health/ready" >/dev/null || { tail -30 "$log" >&2; exit 1; }
  PG[$side]="$(devhost_port "$log" postgres)"
  REDIS[$side]="$(devhost_port "$log" redis)"
  [[ -n "${PG[$side]}" && -n "${REDIS[$side]}" ]] || { echo "$side: no PostgreSQL/Redis port in the summary" >&2; exit 1; }
  echo "$side: host :${PORT[$side]}, PostgreSQL :${PG[$side]}, Redis :${REDIS[$side]}"
}

sql() { # side args...
  local side="$1"; shift
  PGOPTIONS='-c client_min_messages=warning' psql -X -q -t -A -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "${PG[$side]}" \
    -U postgres -d aisaas "$@"
}

measure() { # side case round url lua
  local side="$1" case="$2" round="$3" url="$4" lua="$5" file
  file="$OUT/$case-$side-$round.txt"
  drop_rate_limits "${REDIS[$side]}"
  wrk -t2 -c4 -d"${warmup}s" -s "$lua" "$url" >/dev/null
  drop_rate_limits "${REDIS[$side]}"
  wrk -t2 -c4 -d"${seconds}s" --latency -s "$lua" "$url" >"$file"
  local p50 p99 rps errors
  p50="$(wrk_ms "$(awk '$1=="50%" {print $2}' "$file")")"
  p99="$(wrk_ms "$(awk '$1=="99%" {print $2}' "$file")")"
  rps="$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$file")"
  errors="$(awk '/Non-2xx/ {print "non-2xx " $NF} /Socket errors/ {print "socket errors"}' "$file" | paste -sd' ')"
  echo "$case $side $round $p50 $p99 $rps" >>"$OUT/results.txt"
  printf '  round %s  %-11s %-6s p50 %8s ms  p99 %8s ms  %7s req/s  %s\n' "$round" "$case" "$side" "$p50" "$p99" "$rps" "$errors"
  [[ -z "$errors" ]] || echo "WARNING: $case/$side had $errors" | tee -a "$OUT/warnings.txt"
}

start_side after "$ROOT"
start_side before "$BEFORE"
seed_files_once "$TENANT" sql after
seed_files_once "$TENANT" sql before
heavy_token="$(sample_token "$HEAVY" "$TENANT")"
declare -A DEEP
for side in after before; do
  lua_by_id "$OUT/by-id-$side.lua" "$TENANT" sql "$side"
  printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$heavy_token" >"$OUT/heavy.lua"
  echo "$side: paging to the deep cursor through the API..."
  DEEP[$side]="$(deep_cursor "${PORT[$side]}" "$heavy_token" | head -1)"
  for path in "/api/v1/files?limit=50" "/api/v1/files?limit=50&cursor=${DEEP[$side]}"; do
    code="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $heavy_token" "http://127.0.0.1:${PORT[$side]}$path")"
    [[ "$code" == 200 ]] || { echo "$side: $path answered $code" >&2; exit 1; }
  done
done

: >"$OUT/results.txt"
echo "measuring: $rounds rounds, wrk -t2 -c4, ${warmup} s warm-up + ${seconds} s per case and side"
for round in $(seq 1 "$rounds"); do
  if (( round % 2 )); then order=(before after); else order=(after before); fi
  for case in by_id first_page deep_page; do
    for side in "${order[@]}"; do
      base="http://127.0.0.1:${PORT[$side]}"
      case "$case" in
        by_id) measure "$side" "$case" "$round" "$base/api/v1/files/x" "$OUT/by-id-$side.lua" ;;
        first_page) measure "$side" "$case" "$round" "$base/api/v1/files?limit=50" "$OUT/heavy.lua" ;;
        deep_page) measure "$side" "$case" "$round" "$base/api/v1/files?limit=50&cursor=${DEEP[$side]}" "$OUT/heavy.lua" ;;
      esac
    done
  done
done

echo
python3 - "$OUT/results.txt" "$rounds" "$seconds" <<'PY'
import collections, statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
by = collections.defaultdict(list)
for case, side, rnd, p50, p99, rps in rows:
    by[(case, side)].append((float(p50), float(p99), float(rps)))
print(f"| case ({sys.argv[2]} rounds, {sys.argv[3]} s each, 4 connections) | before p50 / p99 ms | after p50 / p99 ms "
      "| p99 before / after | req/s before / after |")
print("|---|---|---|---|---|")
names = {"by_id": "GET /files/{id}, cached", "first_page": "list, first page, cached",
         "deep_page": "list, deep page (SQL every time)"}
for case in ["by_id", "first_page", "deep_page"]:
    b, a = by[(case, "before")], by[(case, "after")]
    med = lambda xs, i: statistics.median(x[i] for x in xs)
    print(f"| {names[case]} | {med(b,0):.2f} / {med(b,1):.2f} | {med(a,0):.2f} / {med(a,1):.2f} "
          f"| **{med(b,1) / med(a,1):.2f}** | {med(b,2) / med(a,2):.2f} |")
print()
print("p99 before / after per round:")
for case in ["by_id", "first_page", "deep_page"]:
    b, a = by[(case, "before")], by[(case, "after")]
    print(f"  {case}: " + ", ".join(f"{x[1] / y[1]:.2f}" for x, y in zip(b, a)))
PY
echo "raw wrk output and devhost logs: $OUT"
