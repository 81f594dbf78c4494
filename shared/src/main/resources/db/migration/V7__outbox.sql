-- Events at least once: a transactional outbox. A state change and the event that announces it are written in one
-- transaction; the writer delivers the event right after commit when it can, and the relay (run by the upload
-- sweeper, as the maintenance role) delivers what is left, with backoff, until a destination takes it. Consumers
-- deduplicate by the event id (the row's id).

create table outbox (
    id              uuid primary key,
    tenant_id       text        not null,
    owner_id        text        not null,
    event_type      text        not null,
    subject         text        not null,
    occurred_at     timestamptz not null,
    data            jsonb       not null,
    created_at      timestamptz not null default now(),
    attempts        integer     not null default 0 check (attempts >= 0),
    next_attempt_at timestamptz not null default now(),
    delivered_at    timestamptz,
    last_error      text
);

comment on table outbox is 'Events written with the change they announce; delivered at least once (V7__outbox.sql)';

-- The relay's queue: undelivered events, due first.
create index outbox_due_idx on outbox (next_attempt_at, created_at) where delivered_at is null;
-- Retention of delivered events.
create index outbox_delivered_idx on outbox (delivered_at) where delivered_at is not null;

-- Tenant data like the rest: the runtime role writes and marks its own scope's events; the relay crosses tenants.
alter table outbox enable row level security;
create policy outbox_runtime on outbox to ${runtimeRole}
    using (tenant_id = current_setting('app.tenant_id', true)
           and owner_id = current_setting('app.owner_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true)
                and owner_id = current_setting('app.owner_id', true));
create policy outbox_maintenance on outbox to ${maintenanceRole} using (true) with check (true);

grant select, insert, update on outbox to ${runtimeRole};
grant select, insert, update, delete on outbox to ${maintenanceRole};
