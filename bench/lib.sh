# shellcheck shell=bash
# Helpers for the benchmark scripts: they drive bin/run and the built package on this machine only (loopback).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APP="$ROOT/functions/target/azure-functions/aisaas-dashboard-func"
# No timer functions during a measurement: a reconciliation or sweep firing (a missed schedule runs at start)
# would load the same 2 cores, and reconciliation would mark the seeded rows, which have no blobs, failed.
export DEVHOST_TIMERS="${DEVHOST_TIMERS:-off}"

devhost_classpath() {
  echo "$ROOT/devhost/target/classes:$(cat "$ROOT/devhost/target/classpath.txt")"
}

# Exits with a message naming the first of the given commands that is not on the PATH.
require_tools() { # command...
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 1; }
  done
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

now_ms() {
  date +%s%3N
}

# Waits until URL answers 200; prints the time (ms since epoch) it first did.
wait_for_200() {
  local url="$1" deadline=$(( $(now_ms) + 180000 ))
  while (( $(now_ms) < deadline )); do
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null)" == "200" ]]; then
      now_ms
      return 0
    fi
    sleep 0.02
  done
  echo "timeout waiting for $url" >&2
  return 1
}

# Stops a process group started with setsid, as Ctrl-C would.
stop_group() {
  local pid="$1"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
}

# The statement that seeds 1,000,000 `ready` files rows across 1,000 owners: bench-heavy has every fifth row
# (200,000), bench-owner-001..999 about 800 each; one row per 30 s from 2025-01-01, so created_at is distinct and
# the owners' files interleave in time. $1: tenant id, $2: access tier.
seed_files_sql() { # tenant tier
  cat <<SQL
insert into files (id, tenant_id, owner_id, name, declared_content_type, detected_content_type, size_bytes,
                   declared_size_bytes, sha256, status, blob_path, blob_etag, access_tier, tags, created_at,
                   updated_at, processed_at, version)
select id, '$1', owner, name, type, type, size, size, encode(sha256(convert_to(id::text, 'UTF8')), 'hex'),
       'ready', 'uploaded-files/$1/' || owner || '/' || id || '/' || name, '"0x' || upper(substr(md5(id::text), 1, 15)) || '"',
       '$2', case when g % 3 = 0 then '{"project":"apollo"}'::jsonb else '{}'::jsonb end,
       created, created, created + interval '2 seconds', 1
from (
  select g, gen_random_uuid() as id,
         case when g % 5 = 0 then 'bench-heavy' else 'bench-owner-' || lpad((g % 999 + 1)::text, 3, '0') end as owner,
         (array['quarterly-report', 'invoice', 'scan', 'photo', 'notes', 'dataset', 'contract', 'slides'])[g % 8 + 1]
           || '-' || g || (array['.pdf', '.pdf', '.png', '.jpg', '.txt', '.csv', '.docx', '.json'])[g % 8 + 1] as name,
         (array['application/pdf', 'application/pdf', 'image/png', 'image/jpeg', 'text/plain', 'text/csv',
                'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/json'])[g % 8 + 1] as type,
         (1024 + (g::bigint * 7919) % 25000000) as size,
         timestamptz '2025-01-01 00:00:00+00' + g * interval '30 seconds' as created
  from generate_series(1, 1000000) as g
) s;
SQL
}

# The port of devhost's PostgreSQL or Redis from the service summary it printed to log $1, e.g.
#   "  postgres  jdbc:postgresql://127.0.0.1:<port>/aisaas  (started by devhost, ...)"
devhost_port() { # log postgres|redis
  case "$2" in
    postgres) sed -n 's#^ *postgres *jdbc:postgresql://[^:/]*:\([0-9]*\)/.*#\1#p' "$1" | head -1 ;;
    redis) sed -n 's#^ *redis *redis://[^:/]*:\([0-9]*\).*#\1#p' "$1" | head -1 ;;
    *) echo "devhost_port: postgres or redis, not $2" >&2; return 1 ;;
  esac
}

# Seeds the 1,000,000 `ready` bench rows of seed_files_sql (tenant $1, access tier Hot) unless they are there; the
# rest of the arguments run SQL on the database as a superuser ("$@" -c <query>, or a script on standard input). Rows a
# reconciliation marked (the seeded rows have no blobs) go back to ready.
seed_files_once() { # tenant sql-command...
  local tenant="$1" heavy total t0
  shift
  heavy="$("$@" -c "select count(*) from files where owner_id = 'bench-heavy'")"
  total="$("$@" -c "select count(*) from files where owner_id like 'bench-%'")"
  if [[ "$heavy" == 200000 && "$total" == 1000000 ]]; then
    echo "already seeded: 1,000,000 rows, bench-heavy has 200,000"
    "$@" -c "update files set status = 'ready', rejection_reason = null where owner_id like 'bench-%' and status <> 'ready'"
    return
  fi
  echo "seeding 1,000,000 rows (was $total bench rows)..."
  t0="$(now_ms)"
  "$@" <<SQL
delete from files where owner_id like 'bench-%';
$(seed_files_sql "$tenant" Hot)
analyze files;
SQL
  echo "seeded in $(( ($(now_ms) - t0) / 1000 )) s"
}

# A bearer token for the local signing key (tools' SampleTokenMain): subject $1, tenant $2, role user.
sample_token() { # sub tenant
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$ROOT/tools/target/classes:$(cat "$ROOT/tools/target/classpath.txt")" \
    com.aisaas.tools.SampleTokenMain --sub "$1" --tenant "$2" --roles user
}

# wrk's latency figure (850.00us, 1.23ms, 1.20s) in milliseconds.
wrk_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}

# Drops the rate limiter's keys in the Redis on port $1, so that a case starts with full buckets.
drop_rate_limits() { # redis port
  redis-cli -p "$1" --scan --pattern '*ratelimit:*' | xargs -r redis-cli -p "$1" del >/dev/null
}

# Writes to $1 a wrk script that cycles through (token, path) pairs, one per owner: GET /api/v1/files/{id} of the
# newest file of each of bench-owner-001..016 (seeded by seed_files_sql in tenant $2), so the load is spread over
# 16 callers of the rate limiter. The rest of the arguments run SQL on the seeded database: "$@" -c <query>.
lua_by_id() { # file tenant sql-command...
  local file="$1" tenant="$2"
  shift 2
  {
    echo 'local reqs = {}'
    local n owner id
    for n in $(seq 1 16); do
      owner="$(printf 'bench-owner-%03d' "$n")"
      id="$("$@" -c "select id from files where owner_id = '$owner' order by created_at desc, id desc limit 1")"
      printf 'reqs[%d] = {"Bearer %s", "/api/v1/files/%s"}\n' "$n" "$(sample_token "$owner" "$tenant")" "$id"
    done
    echo 'local i = 0'
    echo 'request = function()'
    echo '  i = i % #reqs + 1'
    echo '  wrk.headers["Authorization"] = reqs[i][1]'
    echo '  return wrk.format("GET", reqs[i][2])'
    echo 'end'
  } >"$file"
}

# Pages through the caller's files (bench-heavy's, 200,000) with limit=100 over one keep-alive connection to the
# host on port $1; prints the nextCursor after 1,999 pages (position 199,900), URL-encoded, and the id of the first
# item of page 1.
deep_cursor() { # port token
  python3 - "$1" "$2" <<'PY'
import http.client, json, sys, urllib.parse
port, token = int(sys.argv[1]), sys.argv[2]
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
cursor, first_id = None, None
for page in range(1, 2000):
    path = "/api/v1/files?limit=100" + ("&cursor=" + urllib.parse.quote(cursor) if cursor else "")
    conn.request("GET", path, headers={"Authorization": "Bearer " + token})
    r = conn.getresponse(); body = r.read()
    if r.status != 200:
        sys.exit(f"page {page}: HTTP {r.status} {body[:300]!r}")
    data = json.loads(body)
    if first_id is None:
        first_id = data["items"][0]["id"]
    cursor = data.get("nextCursor")
    if not cursor:
        sys.exit(f"no nextCursor after page {page}")
print(urllib.parse.quote(cursor)); print(first_id)
PY
}
