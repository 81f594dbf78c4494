-- Full-text search over what files say: one side row per processed file (the files row stays small), written by
-- processing in the transaction that makes the file ready, and by the search backfill for files processed before.
--
--   * tsv: the name (weight A), the tag values (weight B) and the extracted text (weight D) under the text-search
--     configuration of the detected language ('simple' when none was detected or PostgreSQL has none for it);
--   * body: the extracted text, bounded by EXTRACT_MAX_CHARS, for the highlighted passage of a hit (ts_headline);
--   * status: 'indexed' (text extracted), 'none' (a type without text: images, binaries), 'skipped' (too large to
--     extract), 'failed' (the extractor gave up; the file is still ready). Name and tags are indexed for all four.
--
-- Search results join files, so a deleted file leaves them at once and comes back on restore; a rename or re-tag
-- recomputes the vector (trigger below); an overwritten blob is processed again and its row replaced.

create table file_texts (
    file_id         uuid        primary key references files (id) on delete cascade,
    tenant_id       text        not null,
    owner_id        text        not null,
    status          text        not null check (status in ('indexed', 'none', 'skipped', 'failed')),
    language        text,
    config          regconfig   not null default 'simple',
    extracted_chars integer     not null default 0 check (extracted_chars >= 0),
    truncated       boolean     not null default false,
    reason          text,
    body            text        not null default '',
    tsv             tsvector    not null,
    indexed_at      timestamptz not null default now()
);

comment on table file_texts is 'Extracted text and search vector of a processed file (V8__search.sql)';

create index file_texts_tsv_idx on file_texts using gin (tsv);

-- The one definition of a file's search vector, for processing, the backfill and the rename trigger alike. The name
-- is indexed as it is and split at punctuation, so that "platypus.png" and "q3-report" are found by their words.
create function file_search_vector(p_config regconfig, p_name text, p_tags jsonb, p_body text)
    returns tsvector
    language sql immutable parallel safe
    set search_path = pg_catalog, public
as
$$
select setweight(to_tsvector(p_config, coalesce(p_name, '') || ' '
                              || translate(coalesce(p_name, ''), '._-/\()[]', '          ')), 'A')
    || setweight(to_tsvector(p_config, coalesce((select string_agg(value, ' ')
                                                   from jsonb_each_text(coalesce(p_tags, '{}'::jsonb))), '')), 'B')
    || setweight(to_tsvector(p_config, coalesce(p_body, '')), 'D')
$$;

-- A rename or re-tag changes what the file is found by.
create function file_texts_follow_file() returns trigger
    language plpgsql
    set search_path = pg_catalog, public
as
$$
begin
    update public.file_texts t
       set tsv = public.file_search_vector(t.config, new.name, new.tags, t.body)
     where t.file_id = new.id;
    return null;
end
$$;

create trigger files_search_follow
    after update of name, tags on files
    for each row
    when (old.name is distinct from new.name or old.tags is distinct from new.tags)
    execute function file_texts_follow_file();

-- Scoped exactly like files.
alter table file_texts enable row level security;
create policy file_texts_runtime on file_texts to ${runtimeRole}
    using (tenant_id = current_setting('app.tenant_id', true)
           and owner_id = current_setting('app.owner_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true)
                and owner_id = current_setting('app.owner_id', true));
create policy file_texts_maintenance on file_texts to ${maintenanceRole} using (true) with check (true);

-- The matching itself. The text-match operator (@@) is not leakproof, so under a row-level security policy
-- PostgreSQL evaluates it only after the policy's predicates and never as a GIN index condition: a search by the
-- runtime role would read every row of its owner. This function runs as the schema owner (whom the policies do not
-- hold) so the GIN index can be used, and applies the very predicates of the policies itself: the tenant and owner
-- its caller's transaction declared (RowSecurity), nothing when none. It returns only file ids and ranks of that
-- scope; the caller reads the rows themselves (and the passages) under its policies.
--
-- p_configs: every configuration the application assigns; a row matches when its text matches the query read
-- under its own configuration (the union of all of them only narrows the index scan).
create function search_file_ids(p_query text, p_configs regconfig[], p_status text, p_type text,
                                p_type_prefix text, p_from timestamptz, p_to timestamptz, p_tag_key text,
                                p_tag_value text, p_after_rank real, p_after_id uuid, p_limit integer)
    returns table (file_id uuid, rank real)
    language sql stable security definer
    set search_path = pg_catalog, public
as
$$
with any_config as (
    select tsquery_or_agg as query
      from (select string_agg('(' || q::text || ')', ' | ')::tsquery as tsquery_or_agg
              from (select websearch_to_tsquery(c, p_query) as q from unnest(p_configs) c) each
             where numnode(q) > 0) combined
), hits as (
    select t.file_id,
           ts_rank_cd(t.tsv, websearch_to_tsquery(t.config, p_query), 1) as rank
      from public.file_texts t
      join public.files f on f.id = t.file_id
     cross join any_config a
     where t.tenant_id = current_setting('app.tenant_id', true)
       and t.owner_id = current_setting('app.owner_id', true)
       and f.tenant_id = t.tenant_id
       and f.owner_id = t.owner_id
       and a.query is not null
       and t.tsv @@ a.query
       and t.tsv @@ websearch_to_tsquery(t.config, p_query)
       and (case when p_status is null then f.status <> 'deleted' else f.status = p_status end)
       and (p_type is null or coalesce(f.detected_content_type, f.declared_content_type) = p_type)
       and (p_type_prefix is null
            or starts_with(coalesce(f.detected_content_type, f.declared_content_type), p_type_prefix))
       and (p_from is null or f.created_at >= p_from)
       and (p_to is null or f.created_at < p_to)
       and (p_tag_key is null or (case when p_tag_value is null then f.tags ? p_tag_key
                                       else f.tags ->> p_tag_key = p_tag_value end))
)
select h.file_id, h.rank
  from hits h
 where p_after_id is null or (h.rank, h.file_id) < (p_after_rank, p_after_id)
 order by h.rank desc, h.file_id desc
 limit p_limit
$$;
revoke all on function search_file_ids(text, regconfig[], text, text, text, timestamptz, timestamptz, text, text,
    real, uuid, integer) from public;

grant select, insert, update, delete on file_texts to ${runtimeRole};
grant execute on function search_file_ids(text, regconfig[], text, text, text, timestamptz, timestamptz, text, text,
    real, uuid, integer) to ${runtimeRole};
grant select, insert, update, delete on file_texts to ${maintenanceRole};
