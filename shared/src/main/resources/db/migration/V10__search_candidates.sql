-- Search ranks a bounded set of candidates. V8's search_file_ids ranked every file that matched before it chose a
-- page: a word most files contain (say "budget" in 25,000 of 100,000 documents) meant reading and ranking 25,000
-- vectors of up to thousands of words per request — seconds, growing with the number of matches.
--
-- Now the files that may match are found through the GIN index and ordered by creation (newest first) without
-- reading their vectors; only the newest p_candidates of them are read: checked against the whole query (phrase
-- order, exclusions) and ranked (ts_rank_cd); the page is chosen from those by (rank, id). "May match" is the
-- query without phrase order and exclusions (querytree), which the index answers exactly for plain words: for a
-- query of words alone the candidates are exactly the newest matches. When at most p_candidates files may match —
-- every rare or specific query — the result is exactly V8's. When more may, older files are not examined; the
-- `truncated` column says so on every row, and the API says so on the page (more specific words or a date range
-- reach the older ones). Deep pages stay as cheap as the first: the same candidates, the keyset (rank, id) picks
-- the page among them.
--
-- Ordering by creation needs no join: file_texts keeps its file's created_at (immutable; filled from files on
-- insert). The newest 2 × p_candidates text matches are joined to files for the scope and filters; when at least
-- p_candidates + 1 of them pass, those are exactly the newest candidates (every older match is older than all of
-- them). Only when filters or deleted files reject more than half of them is every match joined, as V8 did.
--
-- The query is read once per distinct form it takes under the configurations the application assigns (most give
-- the same form for most words), and a row is matched only by the form of its own configuration
-- (config = any(...)), which replaces V8's per-row re-parse of the query.
--
-- Security is as in V8: security definer (the GIN index is unusable under the policy because @@ is not leakproof),
-- the policies' own predicates applied here — the tenant and owner the caller's transaction declared, nothing
-- when none — and only ids and ranks of that scope returned.

alter table file_texts add column created_at timestamptz;
update file_texts t set created_at = f.created_at from files f where f.id = t.file_id;
alter table file_texts alter column created_at set not null;

create function file_texts_created_at() returns trigger
    language plpgsql
    set search_path = pg_catalog, public
as
$$
begin
    select f.created_at into new.created_at from public.files f where f.id = new.file_id;
    return new;
end
$$;

create trigger file_texts_created_at
    before insert on file_texts
    for each row
    execute function file_texts_created_at();

-- Whether a file is in the scope the caller's transaction declared and passes a search's filters. Plain SQL, so
-- that it is inlined into search_file_ids (which runs it under its own search_path).
create function search_file_passes(f files, p_status text, p_type text, p_type_prefix text, p_from timestamptz,
                                   p_to timestamptz, p_tag_key text, p_tag_value text)
    returns boolean
    language sql stable
as
$$
select f.tenant_id = current_setting('app.tenant_id', true)
   and f.owner_id = current_setting('app.owner_id', true)
   and (case when p_status is null then f.status <> 'deleted' else f.status = p_status end)
   and (p_type is null or coalesce(f.detected_content_type, f.declared_content_type) = p_type)
   and (p_type_prefix is null
        or starts_with(coalesce(f.detected_content_type, f.declared_content_type), p_type_prefix))
   and (p_from is null or f.created_at >= p_from)
   and (p_to is null or f.created_at < p_to)
   and (p_tag_key is null or (case when p_tag_value is null then f.tags ? p_tag_key
                                   else f.tags ->> p_tag_key = p_tag_value end))
$$;

drop function search_file_ids(text, regconfig[], text, text, text, timestamptz, timestamptz, text, text, real, uuid,
    integer);

create function search_file_ids(p_query text, p_configs regconfig[], p_status text, p_type text,
                                p_type_prefix text, p_from timestamptz, p_to timestamptz, p_tag_key text,
                                p_tag_value text, p_after_rank real, p_after_id uuid, p_limit integer,
                                p_candidates integer)
    returns table (file_id uuid, rank real, truncated boolean)
    language sql stable security definer
    set search_path = pg_catalog, public
as
$$
with forms as (
    -- each distinct form of the query, its index condition (the form without phrase order and without exclusions:
    -- every file that matches the form matches it, and the GIN index answers it without reading vectors), and the
    -- configurations that give this form
    select f.query, f.probe, array_agg(f.config) as configs
      from (select q.config, q.query,
                   case when querytree(q.query) = 'T' then q.query
                        else regexp_replace(querytree(q.query), '<(-|[0-9]+)>', '&', 'g')::tsquery end as probe
              from (select c as config, websearch_to_tsquery(c, p_query) as query from unnest(p_configs) c) q
             where numnode(q.query) > 0) f
     group by f.query, f.probe
), text_matches as materialized (
    -- every text row of the scope that may match (found through the GIN index, no vector read)
    select t.file_id, t.tsv, q.query, t.created_at
      from forms q
      join public.file_texts t on t.tsv @@ q.probe and t.config = any(q.configs)
     where t.tenant_id = current_setting('app.tenant_id', true)
       and t.owner_id = current_setting('app.owner_id', true)
), newest as materialized (
    -- the newest 2 × bound text matches whose files pass
    select n.file_id, n.tsv, n.query, n.created_at
      from (select * from text_matches order by created_at desc, file_id desc
             limit 2 * greatest(p_candidates, 1)) n
      join public.files f on f.id = n.file_id
     where public.search_file_passes(f, p_status, p_type, p_type_prefix, p_from, p_to, p_tag_key, p_tag_value)
), probed as materialized (
    -- the newest bound + 1 files that may match and pass: from the newest text matches when more than bound of
    -- them pass, else from all of them (the second branch runs only then)
    (select file_id, tsv, query, created_at from newest
      where (select count(*) from newest) > greatest(p_candidates, 1)
      order by created_at desc, file_id desc
      limit greatest(p_candidates, 1) + 1)
    union all
    (select m.file_id, m.tsv, m.query, m.created_at
       from text_matches m
       join public.files f on f.id = m.file_id
      where (select count(*) from newest) <= greatest(p_candidates, 1)
        and public.search_file_passes(f, p_status, p_type, p_type_prefix, p_from, p_to, p_tag_key, p_tag_value)
      order by m.created_at desc, m.file_id desc
      limit greatest(p_candidates, 1) + 1)
), ranked as (
    -- the candidates that really match (phrases, exclusions), ranked
    select m.file_id, ts_rank_cd(m.tsv, m.query, 1) as rank
      from (select * from probed order by created_at desc, file_id desc limit greatest(p_candidates, 1)) m
     where m.tsv @@ m.query
)
select r.file_id, r.rank, (select count(*) from probed) > greatest(p_candidates, 1)
  from ranked r
 where p_after_id is null or (r.rank, r.file_id) < (p_after_rank, p_after_id)
 order by r.rank desc, r.file_id desc
 limit p_limit
$$;
revoke all on function search_file_ids(text, regconfig[], text, text, text, timestamptz, timestamptz, text, text,
    real, uuid, integer, integer) from public;
grant execute on function search_file_ids(text, regconfig[], text, text, text, timestamptz, timestamptz, text, text,
    real, uuid, integer, integer) to ${runtimeRole};
