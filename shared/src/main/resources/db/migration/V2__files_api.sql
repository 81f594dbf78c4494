-- Files API (issue 3): soft delete with restore, content-type filtering, and an ETag that every update moves.

-- The status a file had before it was soft-deleted; a restore (within FILES_RESTORE_WINDOW_DAYS) returns it there.
alter table files
    add column previous_status text
        check (previous_status is null or previous_status in ('pending', 'processing', 'ready', 'rejected', 'failed'));

comment on column files.previous_status is 'Status before the soft delete; restored by POST /api/v1/files/{id}/restore';
comment on column files.blob_path is
    'uploaded-files/<tenant>/<owner>/<fileId>/<safe name>; while status = deleted the blob lives under the same name in the deleted-files container';

-- Listing filtered by content type (the detected type once processing knows it, else the declared one), newest first.
create index files_owner_type_created_idx
    on files (owner_id, (coalesce(detected_content_type, declared_content_type)), created_at desc, id desc);

-- Every update of a row moves its version (the API's ETag), whoever writes it (API, processing, lifecycle events),
-- so a stale If-Match can never match a changed row. updated_at follows when the statement did not set it itself.
create function files_touch() returns trigger
    language plpgsql as
$$
begin
    new.version := old.version + 1;
    if new.updated_at is not distinct from old.updated_at then
        new.updated_at := greatest(now(), old.updated_at);
    end if;
    return new;
end
$$;

create trigger files_touch
    before update on files
    for each row
execute function files_touch();

-- Audit entries of one request (support: "what did request X do?").
create index audit_log_request_idx on audit_log (request_id) where request_id is not null;
