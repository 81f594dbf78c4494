#!/usr/bin/env bash
# GET /api/v1/search through devhost against the same statement straight in PostgreSQL (its ceiling), in one run,
# over the 100,000-document corpus of bench/search-sql.sh.
#
#   bench/search-api.sh [seconds]      (default 10 s per case)
#
# Starts bin/run --no-build (-Xmx1g, rate limit out of the way, timers off) with its own PostgreSQL in
# .devhost-search-bench/ — or, with SEARCH_BENCH_DB_URL=jdbc:postgresql://host:port/db, against that database (the
# app migrates it; the roles aisaas_owner/aisaas_app/aisaas_maint must exist) — seeds the corpus when it is not
# there (bench/search-sql.sh, reproducible, several minutes), then per case:
#   SQL  what the API runs for a page, as one statement: search_file_ids (limit 21, SEARCH_RANK_CANDIDATES), the
#        files rows and a ts_headline passage per hit, with pgbench, CLIENTS clients (and the ids alone, for comparison)
#   API  GET /api/v1/search?q=…&limit=20 (the API fetches 21) with wrk, CLIENTS connections, one caller's token
# for one word, two words, a phrase, a rare word and a word nothing contains, on the first page and on the page
# after the 900th hit (the API's cursor, found by paging; the SQL's position, found by the same statement), and
# prints p50/p99 of both and SQL p99 / API p99. Each measurement follows an unmeasured warm-up of the same statement or
# request (WARMUP_SECONDS, default 3). CLIENTS (default 4) sets pgbench's clients and wrk's connections. Loopback
# only. Needs wrk, psql, pgbench and python3; BENCH_NO_BUILD=1 uses the package as built; BENCH_HOST_OPTS adds JVM
# options to the host (a GC log, a JFR recording); CASES (e.g. "rare-word no-hit") measures only those cases;
# LOADGEN_CPUS (e.g. 1) pins wrk and pgbench to those CPUs (taskset), the same for both sides. Before the first case the
# host is served until its JIT compiler is quiet (JIT_WARMUP_MAX, JIT_QUIET_TICKS; see below). DB_CPUS and HOST_CPUS pin
# PostgreSQL and the host JVM (see below).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
seconds="${1:-10}"
clients="${CLIENTS:-4}"         # pgbench clients and wrk connections
threads=$(( clients < 2 ? 1 : 2 ))  # pgbench -j, wrk -t
warmup="${WARMUP_SECONDS:-3}"   # before every measurement, on both sides: unmeasured, the same statement or request
pin=(); [[ -n "${LOADGEN_CPUS:-}" ]] && pin=(taskset -c "$LOADGEN_CPUS")
require_tools wrk psql pgbench python3
cd "$ROOT"
OUT="$(mktemp -d /tmp/bench-search-api.XXXXXX)"
TENANT=bench-tenant
OWNER=bench-search
DEEP="${DEEP:-900}"
export DEVHOST_DATA_DIR="${DEVHOST_DATA_DIR:-$ROOT/.devhost-search-bench}"
export DEVHOST_JAVA_OPTS="-Xmx1g${BENCH_HOST_OPTS:+ $BENCH_HOST_OPTS}"   # BENCH_HOST_OPTS: e.g. -Xlog:gc or a JFR recording
export RATE_LIMIT_PER_MINUTE=1000000
export DEVHOST_EVENT_SOURCE=off
if [[ -n "${SEARCH_BENCH_DB_URL:-}" ]]; then
  export DB_URL="$SEARCH_BENCH_DB_URL"
fi
candidates="${SEARCH_RANK_CANDIDATES:-1000}"
export SEARCH_RANK_CANDIDATES="$candidates"

if [[ -z "${BENCH_NO_BUILD:-}" ]]; then
  echo "building (mvn -B -q package -DskipTests)..."
  mvn -B -q package -DskipTests
fi

host=""
cleanup() { [[ -n "$host" ]] && stop_group "$host"; host=""; }
trap cleanup EXIT
host_port="$(free_port)"
setsid bin/run --no-build --port "$host_port" >"$OUT/devhost.log" 2>&1 &
host=$!
wait_for_200 "http://127.0.0.1:$host_port/api/health/ready" >/dev/null || { tail -30 "$OUT/devhost.log" >&2; exit 1; }
if [[ -n "${SEARCH_BENCH_DB_URL:-}" ]]; then
  db_url="postgresql://${SEARCH_BENCH_DB_URL#jdbc:postgresql://}"
else
  pg_port="$(devhost_port "$OUT/devhost.log" postgres)"
  db_url="postgresql://127.0.0.1:$pg_port/aisaas"
fi
echo "host on :$host_port, database $db_url (SEARCH_RANK_CANDIDATES=$candidates), load: $(cut -d' ' -f1-3 /proc/loadavg)"

# the corpus, seeded when missing
SEED_ONLY=1 "$ROOT/bench/search-sql.sh" "$db_url"

token="$(sample_token "$OWNER" "$TENANT")"
printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$token" >"$OUT/auth.lua"

configs="array['simple','arabic','danish','dutch','english','finnish','french','german','greek','hungarian','indonesian','irish','italian','lithuanian','nepali','norwegian','portuguese','romanian','russian','spanish','swedish','tamil','turkish']::regconfig[]"
scope="select set_config('app.tenant_id', '$TENANT', true), set_config('app.owner_id', '$OWNER', true);"
sql_statement() { # q [rank,id]
  local q="${1//\'/\'\'}" after="${2:-}" rank="null" id="null"
  if [[ -n "$after" ]]; then rank="${after%%,*}"; id="'${after##*,}'"; fi
  echo "select file_id, rank from search_file_ids('$q', $configs, null, null, null, null, null, null, null, $rank, $id, 21, $candidates);"
}
# What the API runs for a page, as one statement: the ids (search_file_ids), the files rows and a passage per hit
# (ts_headline with the API's options over the stored text, as JdbcSearchRepository.passages does).
sql_page() { # q [rank,id]
  local ids q="${1//\'/\'\'}"
  ids="$(sql_statement "$@")"
  echo "with hits as (${ids%;}) select h.file_id, h.rank, f.*, ts_headline(t.config,
    case when t.body = '' then f.name else t.body end, websearch_to_tsquery(t.config, '$q'),
    'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"')
    from hits h join files f on f.id = h.file_id join file_texts t on t.file_id = h.file_id;"
}
sql_deep_after() { # q: the position of the DEEP-th hit
  local q="${1//\'/\'\'}"
  psql "$db_url" -U aisaas_app -qAt -v ON_ERROR_STOP=1 -c "begin; $scope" -c "select rank || ',' || file_id from
    search_file_ids('$q', $configs, null, null, null, null, null, null, null, null, null, $DEEP, $candidates)
    offset $((DEEP - 1))" -c commit | grep -E '^[0-9.e+-]+,[0-9a-f-]{36}$' || true
}
api_deep_cursor() { # q: nextCursor after DEEP hits (pages of 50), empty when there are fewer
  python3 - "$host_port" "$token" "$1" "$DEEP" <<'PY'
import http.client, json, sys, urllib.parse
port, token, q, deep = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
cursor, seen = None, 0
while seen < deep:
    limit = min(50, deep - seen)
    path = "/api/v1/search?limit=%d&q=%s" % (limit, urllib.parse.quote(q)) + ("&cursor=" + urllib.parse.quote(cursor) if cursor else "")
    conn.request("GET", path, headers={"Authorization": "Bearer " + token})
    page = json.loads(conn.getresponse().read())
    seen += len(page["items"])
    cursor = page.get("nextCursor")
    if not cursor:
        sys.exit()
print(cursor)
PY
}
urlquote() { # text -> the text %-encoded for a query string
  python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"
}
pgbench_case() { # name sql -> "p50 p99 count"
  local script="$OUT/$1.sql"
  printf 'begin;\n%s\n%s\ncommit;\n' "$scope" "$2" >"$script"
  "${pin[@]}" pgbench "$db_url" -U aisaas_app -n -f "$script" -c "$clients" -j "$threads" -T "$warmup" >/dev/null 2>&1 || true   # warm-up
  (cd "$OUT" && "${pin[@]}" pgbench "$db_url" -U aisaas_app -n -f "$script" -c "$clients" -j "$threads" -T "$seconds" -l --log-prefix="sql-$1" \
    >/dev/null 2>"$OUT/$1.err") || { cat "$OUT/$1.err" >&2; return 1; }
  python3 - "$OUT" "sql-$1" <<'PY'
import glob, sys
out, prefix = sys.argv[1], sys.argv[2]
lat = sorted(int(l.split()[2]) / 1000.0 for p in glob.glob(f"{out}/{prefix}.*") for l in open(p) if len(l.split()) >= 3)
p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
print(f"{p(0.5):.2f} {p(0.99):.2f} {len(lat)}" if lat else "nan nan 0")
PY
}
wrk_case() { # name path -> "p50 p99 count"
  "${pin[@]}" wrk -t "$threads" -c "$clients" -d "${warmup}s" -s "$OUT/auth.lua" "http://127.0.0.1:$host_port$2" >/dev/null 2>&1   # warm-up
  "${pin[@]}" wrk -t "$threads" -c "$clients" -d "${seconds}s" --latency -s "$OUT/auth.lua" "http://127.0.0.1:$host_port$2" >"$OUT/api-$1.txt" 2>&1
  if grep -q "Non-2xx" "$OUT/api-$1.txt"; then
    echo "$1: non-2xx answers (see $OUT/api-$1.txt)" >&2
    return 1
  fi
  python3 - "$OUT/api-$1.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(v, unit):
    return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]
pct = {k: ms(v, u) for k, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)}
n = re.search(r"(\d+) requests in", text).group(1)
print(f"{pct['50']:.2f} {pct['99']:.2f} {n}")
PY
}

# The host's JIT before anything is measured. A fresh JVM is still compiling the request path with C2 after thousands of
# requests: C2 takes a method after about 5,000–15,000 calls, and until then the request runs in less optimised code
# while the compiler threads take CPU from PostgreSQL on two cores: that is the JVM's first minutes, not the API. So
# the host first serves the cheap queries (a word nothing contains, the rare word's first and second pages: the whole
# request path, a page of hits and a cursor, at hundreds of requests a second) in 10 s rounds until it has served
# JIT_WARMUP_REQUESTS (default 30,000) and its compiler threads used under JIT_QUIET_TICKS (default 20: 2 % of a core)
# in the last round, for at most JIT_WARMUP_MAX seconds (default 300; 0 skips this); the script says what it took.
host_jvm="$(pgrep -g "$host" -f com.aisaas.devhost.host.HostMain | head -1 || true)"
compiler_ticks() { # utime + stime of the host JVM's JIT compiler threads, in clock ticks
  local total=0 task ticks
  for task in /proc/"$host_jvm"/task/*; do
    [[ "$(cat "$task/comm" 2>/dev/null)" == C[12]\ CompilerThre* ]] || continue
    ticks="$(awk '{print $14 + $15}' "$task/stat" 2>/dev/null || echo 0)"
    total=$(( total + ${ticks:-0} ))
  done
  echo "$total"
}
# DB_CPUS / HOST_CPUS (e.g. 1 and 0): pin devhost's PostgreSQL (the postmaster and every backend, so new connections
# too) and the host JVM to those CPUs, to see what the API costs when the database has cores of its own, as a managed
# server does; with LOADGEN_CPUS the load generators too. Only with devhost's own PostgreSQL.
if [[ -n "${DB_CPUS:-}" && -z "${SEARCH_BENCH_DB_URL:-}" ]]; then
  postmaster="$(pgrep -o -f -- "$DEVHOST_DATA_DIR/postgres" || true)"
  [[ -n "$postmaster" ]] || { echo "DB_CPUS: devhost's PostgreSQL not found" >&2; exit 1; }
  for pid in $postmaster $(pgrep -P "$postmaster"); do taskset -a -p -c "$DB_CPUS" "$pid" >/dev/null; done
  echo "PostgreSQL pinned to CPUs $DB_CPUS"
fi
if [[ -n "${HOST_CPUS:-}" && -n "$host_jvm" ]]; then
  taskset -a -p -c "$HOST_CPUS" "$host_jvm" >/dev/null
  echo "host JVM pinned to CPUs $HOST_CPUS"
fi
jit_max="${JIT_WARMUP_MAX:-300}"
if [[ -n "$host_jvm" && "$jit_max" -gt 0 ]]; then
  rare_cursor="$(DEEP=20 api_deep_cursor quokka)"
  {
    printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$token"
    echo 'paths = {'
    echo '  "/api/v1/search?limit=20&q=zyxwvut",'
    echo '  "/api/v1/search?limit=20&q=quokka",'
    [[ -n "$rare_cursor" ]] && printf '  "/api/v1/search?limit=20&q=quokka&cursor=%s",\n' \
      "$(urlquote "$rare_cursor")"
    echo '}'
    echo 'i = 0'
    echo 'request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end'
  } >"$OUT/jit-warmup.lua"
  started=$SECONDS; served=0; quiet=""
  while (( SECONDS - started < jit_max )); do
    before="$(compiler_ticks)"
    wrk -t 1 -c 2 -d 10s -s "$OUT/jit-warmup.lua" "http://127.0.0.1:$host_port/" >"$OUT/jit-warmup.txt" 2>&1 || true
    used=$(( $(compiler_ticks) - before ))
    served=$(( served + $(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$OUT/jit-warmup.txt" | head -1) ))
    if grep -q "Non-2xx" "$OUT/jit-warmup.txt"; then echo "JIT warm-up: non-2xx answers" >&2; cat "$OUT/jit-warmup.txt" >&2; exit 1; fi
    if (( served >= ${JIT_WARMUP_REQUESTS:-30000} && used < ${JIT_QUIET_TICKS:-20} )); then quiet=1; break; fi
  done
  echo "host JIT warm-up: $(( SECONDS - started )) s, $served requests, compiler threads $used ticks in the last 10 s$([[ -n "$quiet" ]] || echo " (not done: JIT_WARMUP_MAX reached)")"
else
  echo "host JIT warm-up skipped"
fi

echo "| case | ids only p50 / p99 (n) | SQL p50 | SQL p99 (n) | API p50 | API p99 (n) | SQL p99 / API p99 |"
echo "|---|---|---|---|---|---|---|"
for entry in "one-word:budget" "two-words:budget report" "phrase:\"quarterly report\"" "rare-word:quokka" \
             "no-hit:zyxwvut"; do
  name="${entry%%:*}"; q="${entry#*:}"
  [[ -z "${CASES:-}" || " $CASES " == *" $name "* ]] || continue
  qs="$(urlquote "$q")"
  for page in first deep; do
    after=""; path="/api/v1/search?limit=20&q=$qs"
    if [[ "$page" == deep ]]; then
      after="$(sql_deep_after "$q")"; cursor="$(api_deep_cursor "$q")"
      [[ -n "$after" && -n "$cursor" ]] || continue
      path+="&cursor=$(urlquote "$cursor")"
    fi
    read -r i50 i99 in < <(pgbench_case "$name-$page-ids" "$(sql_statement "$q" $after)")
    read -r s50 s99 sn < <(pgbench_case "$name-$page" "$(sql_page "$q" $after)")
    read -r a50 a99 an < <(wrk_case "$name-$page" "$path")
    ratio="$(python3 -c "print(f'{$s99 / $a99:.2f}')")"
    echo "| $name, $page page | $i50 / $i99 ms ($in) | $s50 ms | $s99 ms ($sn) | $a50 ms | $a99 ms ($an) | $ratio |"
  done
done
echo "load after the run: $(cut -d' ' -f1-3 /proc/loadavg); logs in $OUT"
