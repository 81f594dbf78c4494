-- Tenant isolation, enforced by the database.
--
-- Three roles (docs/architecture.md, "Database roles"):
--   * the schema owner runs these migrations and owns every table; it is trusted and not held by the policies
--     (row-level security is not FORCEd), and the app never connects as it;
--   * ${runtimeRole}, the role of every request and event: DML on the tables it needs, no ownership, no
--     BYPASSRLS, so it cannot disable, drop or alter a policy; the policies show it only the rows of the scope
--     its transaction declares (RowSecurity), and nothing when it declares none;
--   * ${maintenanceRole}, the role of the timer jobs that cross tenants (retention, reconciliation, backup).
-- The settings the policies read are transaction-local (set_config(..., true)):
--   app.tenant_id + app.owner_id  one owner of one tenant (files API, processing, lifecycle events);
--   app.tenant_id + app.scope = 'tenant'   every owner of one tenant (tenant administrators: dead letters, audit);
--   app.scope = 'platform'                 dead letters of every tenant (operators); never files or audit.

-- The tenant and owner of what an audit entry or a dead letter is about (null: about no tenant's data).
alter table audit_log
    add column tenant_id text,
    add column owner_id  text;
update audit_log a set tenant_id = f.tenant_id, owner_id = f.owner_id from files f where a.file_id = f.id;
create index audit_log_tenant_at_idx on audit_log (tenant_id, at desc, id desc) where tenant_id is not null;

alter table dead_letters
    add column tenant_id text,
    add column owner_id  text;
update dead_letters d set tenant_id = f.tenant_id, owner_id = f.owner_id
  from files f
 where f.id::text = d.payload ->> 'fileId' or f.blob_path = d.payload ->> 'blobPath';
create index dead_letters_tenant_idx on dead_letters (tenant_id, id desc) where tenant_id is not null;

-- Listing, filtering and duplicate detection are per (tenant, owner): the indexes lead with both.
drop index files_owner_created_idx;
create index files_scope_created_idx on files (tenant_id, owner_id, created_at desc, id desc);
drop index files_owner_status_created_idx;
create index files_scope_status_created_idx on files (tenant_id, owner_id, status, created_at desc, id desc);
drop index files_owner_type_created_idx;
create index files_scope_type_created_idx
    on files (tenant_id, owner_id, (coalesce(detected_content_type, declared_content_type)), created_at desc, id desc);
drop index files_owner_sha256_idx;
create index files_scope_sha256_idx on files (tenant_id, owner_id, sha256) where status = 'ready';

-- files: the runtime role sees and writes one owner's rows of one tenant; the maintenance role every row.
drop policy files_by_owner on files;
alter table files no force row level security;
create policy files_runtime on files to ${runtimeRole}
    using (tenant_id = current_setting('app.tenant_id', true)
           and owner_id = current_setting('app.owner_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true)
                and owner_id = current_setting('app.owner_id', true));
create policy files_maintenance on files to ${maintenanceRole} using (true) with check (true);

-- audit_log: the runtime role appends entries about its scope's files and reads its tenant's (tenant scope)
-- or its own (owner scope); it can neither change nor delete an entry.
alter table audit_log enable row level security;
create policy audit_runtime_read on audit_log for select to ${runtimeRole}
    using (tenant_id = current_setting('app.tenant_id', true)
           and (current_setting('app.scope', true) = 'tenant'
                or owner_id = current_setting('app.owner_id', true)));
create policy audit_runtime_append on audit_log for insert to ${runtimeRole}
    with check (tenant_id = current_setting('app.tenant_id', true)
                and owner_id = current_setting('app.owner_id', true));
create policy audit_maintenance on audit_log to ${maintenanceRole} using (true) with check (true);

-- dead_letters: the owner's own (work given up on their files), a tenant's (tenant administrators), or every
-- tenant's and those of no tenant (operators, unreadable events, blobs that match no file).
alter table dead_letters enable row level security;
create policy dead_letters_runtime on dead_letters to ${runtimeRole}
    using (current_setting('app.scope', true) = 'platform'
           or (tenant_id = current_setting('app.tenant_id', true)
               and (current_setting('app.scope', true) = 'tenant'
                    or owner_id = current_setting('app.owner_id', true))))
    with check (current_setting('app.scope', true) = 'platform'
                or (tenant_id = current_setting('app.tenant_id', true)
                    and (current_setting('app.scope', true) = 'tenant'
                         or owner_id = current_setting('app.owner_id', true))));
create policy dead_letters_maintenance on dead_letters to ${maintenanceRole} using (true) with check (true);

-- An event names a blob, not a scope: the one narrow way from a blob path to the (tenant, owner) of its file, so
-- that processing and lifecycle events run under the file's own scope. It reveals nothing but that pair.
create function file_scope(p_blob_path text)
    returns table (tenant_id text, owner_id text)
    language sql stable security definer
    set search_path = pg_catalog, public
as
$$
select f.tenant_id, f.owner_id from public.files f where f.blob_path = p_blob_path
$$;
revoke all on function file_scope(text) from public;

-- Grants: only what each role needs. Later migrations grant their own tables explicitly.
grant usage on schema public to ${runtimeRole}, ${maintenanceRole};

grant select, insert, update, delete on files, dead_letters to ${runtimeRole};
grant select, insert on audit_log to ${runtimeRole};
grant select, insert, update, delete on processed_events, lifecycle_runs to ${runtimeRole};
grant select, insert, update, delete on health_checks, alerts, maintenance_runs, backup_runs to ${runtimeRole};
grant usage, select on all sequences in schema public to ${runtimeRole};
grant execute on function file_scope(text) to ${runtimeRole};

grant select, insert, update, delete on all tables in schema public to ${maintenanceRole};
revoke insert, update, delete on flyway_schema_history from ${maintenanceRole};
grant usage, select on all sequences in schema public to ${maintenanceRole};
-- backup verification restores into a scratch schema of its own
do
$$
begin
    execute format('grant create on database %I to %I', current_database(), '${maintenanceRole}');
end
$$;
