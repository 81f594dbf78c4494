#!/usr/bin/env bash
# Full-text search over 100,000 synthetic documents, straight in PostgreSQL: the database's side of
# GET /api/v1/search (its ceiling) and the ILIKE scan it replaces.
#
#   bench/search-sql.sh <database url> [seconds]     e.g. postgresql://localhost:5432/search_bench (default 10 s/case)
#
# The database must have the app's migrations (start the app once against it, or let a test create it). Connects as
# the schema owner to seed (PGUSER_OWNER, default aisaas_owner) and as the runtime role to measure (PGUSER_APP,
# default aisaas_app; passwords from PGPASSWORD), so row-level security is on exactly as for the API.
#
# Seeding (skipped when the owner bench-search already has 100,000 files) is reproducible (setseed(0.42)): 100,000
# ready files of one owner in four languages (English, German, French, Spanish, 25,000 each) of 50-3,000 words
# (a skewed length distribution, median about 400), words drawn with a Zipf-like skew from a vocabulary of real
# words of each language plus a long tail, and a few marker words at known rates (quokka 0.1 %, marzipan 1 %).
# Each case runs pgbench (4 clients, -T seconds, per-statement latencies logged) and reports p50/p99:
#   one word, two words, a phrase, a rare word, no hit — first page (limit 21) and a deep page (after the DEEP-th
#   hit, default 900: within the SEARCH_RANK_CANDIDATES bound, default 1000, that the statement is given)
#   ILIKE '%quokka%' over the same text (one client, the first 21 by id), the scan full-text search replaces
# Needs psql, pgbench and python3.
set -euo pipefail
url="${1:?database url}"
seconds="${2:-10}"
owner_user="${PGUSER_OWNER:-aisaas_owner}"
app_user="${PGUSER_APP:-aisaas_app}"
OUT="$(mktemp -d /tmp/bench-search.XXXXXX)"
TENANT=bench-tenant
OWNER=bench-search
DEEP="${DEEP:-900}"
candidates="${SEARCH_RANK_CANDIDATES:-1000}"

psql_owner() { psql "$url" -U "$owner_user" -v ON_ERROR_STOP=1 -qAt "$@"; }

seeded="$(psql_owner -c "select count(*) from files where tenant_id = '$TENANT' and owner_id = '$OWNER'")"
if [[ "$seeded" != "100000" ]]; then
  echo "seeding 100,000 documents (a few minutes)..."
  start=$(date +%s)
  psql_owner <<SQL
select setseed(0.42);
create temporary table vocab (lang text, config regconfig, words text[]);
insert into vocab values
 ('en', 'english', string_to_array('the of and to in is that for it as was with be by on not he this are or his from at which but have an they you were her she there been one all we their has would when if so no will more can time about what up other into some could them only its new two then first also these any may after year people work state government report budget meeting project system data service market policy health school company city water power development management quality research analysis customer product support training security process office review contract payment invoice schedule delivery employee manager department committee approval request account balance revenue forecast strategy quarterly annual summary agenda minutes proposal', ' ')),
 ('de', 'german', string_to_array('der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor zur bis mehr durch man sein wurde sei Bericht Haushalt Sitzung Projekt System Daten Dienst Markt Richtlinie Gesundheit Schule Unternehmen Stadt Wasser Entwicklung Verwaltung Qualität Forschung Analyse Kunde Produkt Schulung Sicherheit Vertrag Zahlung Rechnung Zeitplan Lieferung Mitarbeiter Abteilung Ausschuss Genehmigung Konto Umsatz Prognose Strategie Zusammenfassung Tagesordnung Protokoll Angebot', ' ')),
 ('fr', 'french', string_to_array('de la le et les des en un du une que est pour qui dans par plus pas au sur ne se ce il sont avec ou son aux mais comme nous on été leur elle ses cette tout fait peut ont entre deux rapport budget réunion projet système données service marché politique santé école entreprise ville eau développement gestion qualité recherche analyse client produit formation sécurité contrat paiement facture calendrier livraison employé directeur département comité approbation compte chiffre prévision stratégie trimestriel annuel résumé ordre procès proposition', ' ')),
 ('es', 'spanish', string_to_array('de la que el en y a los se del las un por con no una su para es al lo como más pero sus le ya o este sí porque esta entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante informe presupuesto reunión proyecto sistema datos servicio mercado política salud escuela empresa ciudad agua desarrollo gestión calidad investigación análisis cliente producto formación seguridad contrato pago factura calendario entrega empleado gerente departamento comité aprobación cuenta ingresos previsión estrategia trimestral anual resumen agenda acta propuesta', ' '));
create temporary table docs as
select i, v.lang, v.config,
       -- skewed length: 50..3000 words, median about 400
       (50 + floor(2950 * power(random(), 2.2)))::int as words,
       v.words as vocab
  from generate_series(0, 99999) i
  join vocab v on v.lang = (array['en','de','fr','es'])[1 + i % 4];
insert into files (id, tenant_id, owner_id, name, declared_content_type, detected_content_type, size_bytes,
                   declared_size_bytes, status, blob_path, created_at, processed_at)
select md5('bench-search-' || i)::uuid, '$TENANT', '$OWNER', 'document-' || i || '.txt', 'text/plain', 'text/plain',
       words * 7, words * 7, 'ready', 'uploaded-files/$TENANT/$OWNER/' || md5('bench-search-' || i)::uuid || '/d.txt',
       timestamptz '2026-01-01' + i * interval '30 seconds', timestamptz '2026-01-01' + i * interval '30 seconds'
  from docs;
insert into file_texts (file_id, tenant_id, owner_id, status, language, config, extracted_chars, body, tsv)
select md5('bench-search-' || i)::uuid, '$TENANT', '$OWNER', 'indexed', lang, config, length(body), body,
       file_search_vector(config, 'document-' || i || '.txt', '{}'::jsonb, body)
  from (select d.i, d.lang, d.config,
               (select string_agg(case
                          when g.n = 0 then '' -- names the series' column, so the aggregate belongs to this level
                          when random() < 0.001 / d.words then 'quokka'
                          when random() < 0.01 / d.words then 'marzipan'
                          when random() < 0.8 then d.vocab[1 + floor(array_length(d.vocab, 1) * power(random(), 3))::int]
                          else d.lang || 'tail' || floor(50000 * power(random(), 2))::int end, ' ')
                  from generate_series(1, d.words) g(n)) as body
          from docs d) generated;
analyze files;
analyze file_texts;
SQL
  echo "seeded in $(( $(date +%s) - start )) s"
fi
[[ -z "${SEED_ONLY:-}" ]] || exit 0   # SEED_ONLY=1: the corpus only (bench/search-api.sh)

configs="array['simple','arabic','danish','dutch','english','finnish','french','german','greek','hungarian','indonesian','irish','italian','lithuanian','nepali','norwegian','portuguese','romanian','russian','spanish','swedish','tamil','turkish']::regconfig[]"
scope="select set_config('app.tenant_id', '$TENANT', true), set_config('app.owner_id', '$OWNER', true);"

# The DEEP-th hit of a query, for its deep page.
deep_after() {
  psql "$url" -U "$app_user" -qAt -v ON_ERROR_STOP=1 -c "begin; $scope" -c "select rank || ',' || file_id from
    search_file_ids('$1', $configs, null, null, null, null, null, null, null, null, null, $DEEP, $candidates)
    offset $((DEEP - 1))" -c commit \
    | grep -E '^[0-9.e+-]+,[0-9a-f-]{36}$' || true
}

run_case() {
  local name="$1" sql="$2" clients="${3:-4}"
  local script="$OUT/$name.sql"
  printf 'begin;\n%s\n%s\ncommit;\n' "$scope" "$sql" > "$script"
  (cd "$OUT" && pgbench "$url" -U "$app_user" -n -f "$script" -c "$clients" -j 2 -T "$seconds" -l \
      --log-prefix="$name" >/dev/null 2>"$OUT/$name.err") || { cat "$OUT/$name.err"; return 1; }
  python3 - "$OUT" "$name" <<'PY'
import glob, sys
out, name = sys.argv[1], sys.argv[2]
lat = []
for path in glob.glob(f"{out}/{name}.*"):
    if path.endswith((".sql", ".err")):
        continue
    for line in open(path):
        parts = line.split()
        if len(parts) >= 3:
            lat.append(int(parts[2]) / 1000.0)
lat.sort()
if not lat:
    print(f"{name}: no transactions"); sys.exit()
p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
print(f"| {name} | {len(lat)} | {p(0.5):.2f} ms | {p(0.99):.2f} ms |")
PY
}

search_sql() {
  local q="$1" after="${2:-}"
  local rank="null" id="null"
  if [[ -n "$after" ]]; then rank="${after%%,*}"; id="'${after##*,}'"; fi
  echo "select file_id, rank from search_file_ids('$q', $configs, null, null, null, null, null, null, null, $rank, $id, 21, $candidates);"
}

echo "SEARCH_RANK_CANDIDATES=$candidates, deep page after hit $DEEP, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| case | transactions | p50 | p99 |"
echo "|---|---|---|---|"
for entry in "one-word:budget" "two-words:budget report" "phrase:\"quarterly report\"" "no-hit:zyxwvut" \
             "rare-word:quokka"; do
  name="${entry%%:*}"; q="${entry#*:}"
  run_case "$name-first" "$(search_sql "$q")"
  after="$(deep_after "$q")"
  if [[ -n "$after" ]]; then
    run_case "$name-deep" "$(search_sql "$q" "$after")"
  fi
done
# the same first page the ILIKE way: every row's text is read (no index helps a leading %)
run_case "ilike-quokka" "select t.file_id from file_texts t join files f on f.id = t.file_id where t.body ilike '%quokka%' and f.status <> 'deleted' order by t.file_id desc limit 21;" 1
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg) (pgbench logs in $OUT)"
