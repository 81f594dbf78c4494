-- Scheduled maintenance (issue 5): alerts raised by the health sweep, and the reports of retention and
-- reconciliation runs that the admin endpoints list.

-- One row per alert episode: opened when a breach is first seen, cleared when a later sweep no longer sees it.
-- While an episode is open, later sweeps only move last_seen and occurrences: the partial unique index makes
-- "raise once" a single conflicting insert, across instances and restarts.
create table alerts (
    id          bigserial primary key,
    alert_key   text        not null,
    component   text        not null,
    message     text        not null,
    opened_at   timestamptz not null,
    last_seen   timestamptz not null,
    cleared_at  timestamptz,
    occurrences integer     not null default 1 check (occurrences >= 1),
    details     jsonb       not null default '{}'::jsonb
);

create unique index alerts_open_key_idx on alerts (alert_key) where cleared_at is null;
create index alerts_opened_idx on alerts (opened_at desc, id desc);

-- Reports of maintenance runs (kind: retention, reconciliation): counts per kind of work, and details such as
-- samples of the file ids concerned or the error of a failed run.
create table maintenance_runs (
    id          bigserial primary key,
    kind        text        not null,
    started_at  timestamptz not null,
    finished_at timestamptz,
    status      text        not null default 'running' check (status in ('running', 'succeeded', 'failed')),
    counts      jsonb       not null default '{}'::jsonb,
    details     jsonb       not null default '{}'::jsonb,
    constraint maintenance_runs_finished check (status = 'running' or finished_at is not null)
);

create index maintenance_runs_kind_started_idx on maintenance_runs (kind, started_at desc, id desc);
create index maintenance_runs_started_idx on maintenance_runs (started_at desc, id desc);

-- Reconciliation walks files in blob-name order beside the container listing (binary name order), page by page:
-- an index in the "C" collation keeps each page an index range scan whatever the database's collation is.
create index files_blob_path_c_idx on files (blob_path collate "C");

