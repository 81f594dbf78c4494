-- Where a file's blob lives, so that an upload URL cannot change a processed file.
--
-- Uploads land in 'uploaded-files' under the name the upload SAS names (files.blob_path, the upload's identity:
-- every upload event names it). When processing makes a file ready, it copies the blob it hashed (on that blob's
-- eTag) to the same name in 'files', a container no upload SAS is ever signed for, records 'files' here in the
-- transaction that stores the verdict, and then deletes the upload. A later write through a still-valid upload URL
-- creates a new blob in 'uploaded-files' that no download reads; processing removes it.
--
--   'uploaded-files'  files not (yet) ready: pending, processing, failed, rejected (whose blob is in 'quarantine'),
--                     and files that became ready before this migration: they stay where they are and are read
--                     there (their upload URLs expired UPLOAD_SAS_MINUTES after they were issued);
--   'files'           ready files processed since.
-- A soft-deleted file's blob waits in 'deleted-files' whatever this says; a restore puts it back here.
-- The column is on files, so the row-level security policies of V6 hold it like every other column.
alter table files
    add column blob_container text not null default 'uploaded-files'
        constraint files_blob_container_check check (blob_container in ('uploaded-files', 'files'));

comment on column files.blob_container is
    'Container of the blob (same name as blob_path) while not deleted: uploaded-files or files (V9__processed_blobs.sql)';
