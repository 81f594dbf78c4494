-- Schema of the AI SaaS Dashboard metadata (PostgreSQL 15+). Blobs live in Storage; this is the source of truth
-- for what they are and where they are in their lifecycle.
--
-- Row-level security on files: enabled and FORCEd, so the table owner is subject to it too. The policy shows a
-- row only when the transaction set app.current_owner to the row's owner_id (RowSecurity.actAs), or set
-- app.bypass_rls = 'on' for maintenance work (RowSecurity.bypass). Without either, no row is visible: default deny.
-- Superusers and roles with BYPASSRLS are never subject to RLS: in Azure the app must connect as an ordinary
-- role (the Entra principal of the Function App), never as the server admin. Locally the embedded server's
-- "postgres" superuser bypasses RLS, so the application's own owner checks remain the first line of defence.

create table files (
    id                    uuid primary key default gen_random_uuid(),
    tenant_id             text        not null,
    owner_id              text        not null,
    name                  text        not null check (length(name) between 1 and 1024),
    declared_content_type text,
    detected_content_type text,
    size_bytes            bigint      check (size_bytes >= 0),
    declared_size_bytes   bigint      check (declared_size_bytes >= 0),
    sha256                text        check (sha256 ~ '^[0-9a-f]{64}$'),
    status                text        not null default 'pending'
                                      check (status in ('pending', 'processing', 'ready', 'rejected', 'failed', 'deleted')),
    rejection_reason      text,
    blob_path             text        not null,
    blob_etag             text,
    access_tier           text,
    tags                  jsonb       not null default '{}'::jsonb,
    metadata              jsonb       not null default '{}'::jsonb,
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now(),
    processed_at          timestamptz,
    deleted_at            timestamptz,
    version               integer     not null default 1 check (version >= 1),
    constraint files_blob_path_key unique (blob_path),
    constraint files_deleted_has_time check (status <> 'deleted' or deleted_at is not null)
);

comment on table files is 'One row per uploaded file; RLS by owner_id (app.current_owner), see V1__schema.sql header';
comment on column files.owner_id is 'JWT sub of the uploader';
comment on column files.version is 'Optimistic concurrency: incremented by every update, exposed as the ETag';

-- Keyset (cursor) listing of one owner's files, newest first: where owner_id = ? and (created_at, id) < (?, ?)
create index files_owner_created_idx on files (owner_id, created_at desc, id desc);
-- The same listing filtered by status.
create index files_owner_status_created_idx on files (owner_id, status, created_at desc, id desc);
-- Maintenance: expiry of abandoned pending uploads, reprocessing of failed ones (by status and age).
create index files_status_updated_idx on files (status, updated_at);
-- Retention purge of soft-deleted files after the restore window.
create index files_deleted_at_idx on files (deleted_at) where deleted_at is not null;

-- Name search: trigram index (substring and ILIKE search) when pg_trgm is available (it ships with the embedded
-- binaries and is allow-listable on Azure Flexible Server); otherwise a case-insensitive prefix index.
do $$
begin
    if exists (select 1 from pg_available_extensions where name = 'pg_trgm') then
        begin
            create extension if not exists pg_trgm;
        exception when others then
            raise notice 'pg_trgm is available but cannot be created here (%); using a prefix index', sqlerrm;
        end;
    end if;
    if exists (select 1 from pg_extension where extname = 'pg_trgm') then
        execute 'create index files_name_trgm_idx on files using gin (lower(name) gin_trgm_ops)';
    else
        execute 'create index files_name_lower_idx on files (lower(name) text_pattern_ops)';
    end if;
end
$$;

alter table files enable row level security;
alter table files force row level security;

create policy files_by_owner on files
    using (owner_id = current_setting('app.current_owner', true)
           or current_setting('app.bypass_rls', true) = 'on')
    with check (owner_id = current_setting('app.current_owner', true)
                or current_setting('app.bypass_rls', true) = 'on');

-- One row per handled Event Grid event id: idempotency and the outcome of each event.
create table processed_events (
    event_id      text primary key,
    event_type    text        not null,
    subject       text,
    blob_etag     text,
    sequencer     text,
    status        text        not null default 'processing'
                              check (status in ('processing', 'completed', 'failed')),
    outcome       text,
    attempts      integer     not null default 1 check (attempts >= 0),
    claimed_until timestamptz,
    created_at    timestamptz not null default now(),
    completed_at  timestamptz
);

-- Stale-event detection: the newest sequencer seen for a blob.
create index processed_events_subject_idx on processed_events (subject, sequencer);
-- Retention purge of old events.
create index processed_events_created_idx on processed_events (created_at);

create table audit_log (
    id         bigserial primary key,
    at         timestamptz not null default now(),
    actor      text        not null,
    action     text        not null,
    file_id    uuid,
    request_id text,
    details    jsonb       not null default '{}'::jsonb
);

comment on column audit_log.file_id is 'No foreign key: the audit trail outlives purged files';

create index audit_log_at_idx on audit_log (at desc, id desc);
create index audit_log_file_idx on audit_log (file_id, at desc) where file_id is not null;
create index audit_log_actor_idx on audit_log (actor, at desc);

create table health_checks (
    id         bigserial primary key,
    checked_at timestamptz not null default now(),
    component  text        not null,
    status     text        not null check (status in ('UP', 'DOWN', 'SKIPPED')),
    latency_ms integer     check (latency_ms >= 0),
    details    jsonb       not null default '{}'::jsonb
);

create index health_checks_component_idx on health_checks (component, checked_at desc);
create index health_checks_checked_at_idx on health_checks (checked_at);

create table backup_runs (
    id            bigserial primary key,
    kind          text        not null,
    started_at    timestamptz not null default now(),
    finished_at   timestamptz,
    status        text        not null default 'running' check (status in ('running', 'succeeded', 'failed')),
    manifest_path text,
    details       jsonb       not null default '{}'::jsonb,
    constraint backup_runs_finished check (status = 'running' or finished_at is not null)
);

create index backup_runs_kind_started_idx on backup_runs (kind, started_at desc);

create table dead_letters (
    id          bigserial primary key,
    source      text        not null,
    event_id    text,
    payload     jsonb       not null,
    reason      text        not null,
    attempts    integer     not null default 0 check (attempts >= 0),
    created_at  timestamptz not null default now(),
    replayed_at timestamptz
);

create index dead_letters_created_idx on dead_letters (created_at desc, id desc);
create index dead_letters_pending_idx on dead_letters (created_at) where replayed_at is null;
create index dead_letters_event_idx on dead_letters (source, event_id) where event_id is not null;
