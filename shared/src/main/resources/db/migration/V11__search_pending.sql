-- A document's text no longer holds up its verdict. Storing the extracted text (up to EXTRACT_MAX_CHARS characters,
-- TOASTed and WAL-logged) and computing its vector (to_tsvector: about 80 ms for 300,000 characters of English) were
-- the costly part of the transaction that makes a file `ready`, and made every large document that much later.
--
-- Now the verdict's transaction writes the search row with how extraction went and a vector of the file's name and
-- tags only (found by those at once), as 'pending' when there is text to come; right after the commit the same
-- invocation stores the text with its vector and marks the row 'indexed' (FileTexts.complete). A ready file whose
-- row is still 'pending' (the process stopped in between, the database was unreachable) is indexed again from its
-- blob by the search backfill, like a file that has no row.
alter table file_texts drop constraint file_texts_status_check;
alter table file_texts add constraint file_texts_status_check
    check (status in ('pending', 'indexed', 'none', 'skipped', 'failed'));
