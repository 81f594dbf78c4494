package com.aisaas.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of {@code file_texts} (V8__search.sql, V11__search_pending.sql): the search row of a file, in two
 * steps. {@link #write} runs inside the caller's transaction and scope (processing's verdict, or the backfill's), so
 * the row appears with the file's new state or not at all: it records how extraction went and indexes the file's
 * name and tags; a row whose text is still to come is {@code pending}. {@link #complete}, in a transaction of its
 * own right after that one commits, stores the text and its vector ({@code file_search_vector}, from the file's
 * current name and tags) and marks the row {@code indexed}: storing and vectorising up to EXTRACT_MAX_CHARS
 * characters is the costly part, kept off the path to the file's verdict. A row left pending (the process stopped
 * in between) is indexed again from the file's blob by {@link SearchBackfill}.
 */
public final class FileTexts {

    private static final Logger log = LoggerFactory.getLogger(FileTexts.class);

    private static final String UPSERT = "insert into file_texts (file_id, tenant_id, owner_id, status, language,"
            + " config, extracted_chars, truncated, reason, body, tsv, indexed_at)"
            + " select f.id, f.tenant_id, f.owner_id, ?, ?, ?::regconfig, ?, ?, ?, '',"
            + " file_search_vector(?::regconfig, f.name, f.tags, ''), now() from files f where f.id = ?"
            + " on conflict (file_id) do update set status = excluded.status, language = excluded.language,"
            + " config = excluded.config, extracted_chars = excluded.extracted_chars,"
            + " truncated = excluded.truncated, reason = excluded.reason, body = excluded.body, tsv = excluded.tsv,"
            + " indexed_at = excluded.indexed_at";

    /** The text is sent once: the vector is computed from the same parameter the body is set to. */
    private static final String COMPLETE = "update file_texts t set status = 'indexed', body = given.body,"
            + " tsv = file_search_vector(t.config, f.name, f.tags, given.body), indexed_at = now()"
            + " from files f, (select ?::text as body) given"
            + " where t.file_id = ? and f.id = t.file_id and t.status = 'pending'";

    private static final String REFUSED = "update file_texts set status = 'failed', reason = ?"
            + " where file_id = ? and status = 'pending'";

    /**
     * Holds the file's name and tags still until the completion commits: a rename or re-tag committing meanwhile
     * would otherwise leave a vector of the old ones (the update's {@code files} row comes from its snapshot, and a
     * concurrent rename's trigger is what it waits for on the search row). With the lock taken first, the update's
     * snapshot sees every committed rename, and later ones wait and then recompute the vector with the text.
     */
    private static final String HOLD_FILE = "select 1 from files where id = ? for share";

    private FileTexts() {
    }

    /**
     * Writes (or replaces) the search row of file {@code fileId}, indexed by the file's name and tags: with text to
     * index, {@code pending} until {@link #complete} stores it; otherwise final. Returns whether text is to come.
     */
    public static boolean write(Connection connection, UUID fileId, ExtractedText text) throws SQLException {
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(text, "text");
        try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            statement.setString(1, text.indexed() ? "pending" : text.status().wire());
            statement.setString(2, text.language());
            statement.setString(3, text.config());
            statement.setInt(4, text.text().length());
            statement.setBoolean(5, text.truncated());
            statement.setString(6, text.reason());
            statement.setString(7, text.config());
            statement.setObject(8, fileId);
            statement.executeUpdate();
        }
        return text.indexed();
    }

    /** What {@link #complete} did. */
    public enum Completion {
        /** the text and its vector are in the index */
        INDEXED,
        /** the database refused the text (a data exception, a vector over its size limit): name and tags only */
        REFUSED,
        /** the row was not pending (completed already, replaced by a newer version's, or gone) */
        NOTHING
    }

    /**
     * Stores {@code text} in the pending row of {@code fileId}, with its vector. Idempotent: a row that is no longer
     * pending (completed, or written final by the backfill) is left alone. A text the database refuses (a data
     * exception, or a vector over its size limit) leaves the row {@code failed}, found by name and tags; other
     * failures (connection, deadlock) are thrown for the caller to leave the row pending. Runs in the caller's
     * transaction and scope.
     */
    public static Completion complete(Connection connection, UUID fileId, ExtractedText text) throws SQLException {
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(text, "text");
        try (PreparedStatement hold = connection.prepareStatement(HOLD_FILE)) {
            hold.setObject(1, fileId);
            hold.executeQuery().close();
        }
        Savepoint savepoint = connection.setSavepoint();
        try (PreparedStatement statement = connection.prepareStatement(COMPLETE)) {
            statement.setString(1, text.text());
            statement.setObject(2, fileId);
            int completed = statement.executeUpdate();
            connection.releaseSavepoint(savepoint);
            return completed == 0 ? Completion.NOTHING : Completion.INDEXED;
        } catch (SQLException e) {
            connection.rollback(savepoint);
            if (!refusedText(e)) {
                throw e;
            }
            log.warn("file {}: its text could not be indexed ({}); it is found by its name and tags only", fileId,
                    e.getSQLState());
            try (PreparedStatement refused = connection.prepareStatement(REFUSED)) {
                refused.setString(1, "the text could not be indexed: " + e.getSQLState());
                refused.setObject(2, fileId);
                return refused.executeUpdate() == 0 ? Completion.NOTHING : Completion.REFUSED;
            }
        }
    }

    /** A data exception (class 22) or a program limit (class 54: a vector over 1 MB): this text never goes in. */
    private static boolean refusedText(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("54"));
    }

    /** Removes the search row of {@code fileId} (its content is no longer that of a ready file). */
    public static void remove(Connection connection, UUID fileId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("delete from file_texts where file_id = ?")) {
            statement.setObject(1, fileId);
            statement.executeUpdate();
        }
    }
}
