-- Upload processing and storage lifecycle (issue 4): one claim per file at a time, bounded attempts, duplicates
-- by content, lifecycle run summaries.

-- A processing claim is a lease: the attempt that holds processing_claim until processing_claimed_until is the
-- only one working on the file; another delivery of the same blob waits (the host retries it) instead of doing
-- the work twice. Each claim counts an attempt; past PROCESSING_MAX_ATTEMPTS the file is failed and dead-lettered.
alter table files
    add column processing_claim         uuid,
    add column processing_claimed_until timestamptz,
    add column processing_attempts      integer not null default 0 check (processing_attempts >= 0),
    add column processing_error         text;

comment on column files.processing_claim is 'Token of the processing attempt that holds the file (lease until processing_claimed_until)';
comment on column files.processing_error is 'Last retryable error of processing (cleared when the file is finished)';

-- Duplicate content of one owner: the ready file with the same SHA-256.
create index files_owner_sha256_idx on files (owner_id, sha256) where status = 'ready';

-- Lifecycle management runs that Storage reports (Microsoft.Storage.LifecyclePolicyCompleted), once per event.
create table lifecycle_runs (
    event_id      text primary key,
    schedule_time text,
    completed_at  timestamptz not null default now(),
    summary       jsonb       not null default '{}'::jsonb
);

create index lifecycle_runs_completed_idx on lifecycle_runs (completed_at desc);
