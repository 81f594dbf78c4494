-- The vector of a document's text no longer holds up its verdict. Computing it is the one costly part of storing a
-- search row (to_tsvector over up to EXTRACT_MAX_CHARS characters: about 80 ms for 300,000 characters of English,
-- against some 15 ms for storing the text), and inside the verdict's transaction it made every large document
-- that much later `ready`.
--
-- Now the verdict's transaction stores the extracted text with status 'pending' and a vector of the file's name and
-- tags only (found by those at once); right after the commit, the same invocation computes the vector of the text
-- and marks the row 'indexed' (FileTexts.complete). A row left 'pending' (the process died in between, the database
-- was unreachable) is completed from its stored text by the search backfill, which finds it through the index below.
alter table file_texts drop constraint file_texts_status_check;
alter table file_texts add constraint file_texts_status_check
    check (status in ('pending', 'indexed', 'none', 'skipped', 'failed'));

create index file_texts_pending_idx on file_texts (indexed_at, file_id) where status = 'pending';
