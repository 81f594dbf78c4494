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
 * the row appears with the file's new state or not at all: it stores the extracted text and a vector of the file's
 * name and tags only, and a row with text is {@code pending}. {@link #complete}, in a transaction of its own right
 * after that one commits, computes the vector of the text ({@code file_search_vector}, from the file's current name
 * and tags and the stored text) and marks the row {@code indexed}: the costly part, kept off the path to the
 * file's verdict. A row left pending is completed from its stored text by {@link SearchBackfill}.
 */
public final class FileTexts {

    private static final Logger log = LoggerFactory.getLogger(FileTexts.class);

    static final String PENDING = "pending";

    private static final String UPSERT = "insert into file_texts (file_id, tenant_id, owner_id, status, language,"
            + " config, extracted_chars, truncated, reason, body, tsv, indexed_at)"
            + " select f.id, f.tenant_id, f.owner_id, ?, ?, ?::regconfig, ?, ?, ?, ?,"
            + " file_search_vector(?::regconfig, f.name, f.tags, ''), now() from files f where f.id = ?"
            + " on conflict (file_id) do update set status = excluded.status, language = excluded.language,"
            + " config = excluded.config, extracted_chars = excluded.extracted_chars,"
            + " truncated = excluded.truncated, reason = excluded.reason, body = excluded.body, tsv = excluded.tsv,"
            + " indexed_at = excluded.indexed_at";

    private static final String COMPLETE = "update file_texts t set status = 'indexed',"
            + " tsv = file_search_vector(t.config, f.name, f.tags, t.body), indexed_at = now()"
            + " from files f where t.file_id = ? and f.id = t.file_id and t.status = 'pending'";

    private static final String REFUSED = "update file_texts set status = 'failed', body = '', reason = ?"
            + " where file_id = ? and status = 'pending'";

    private FileTexts() {
    }

    /**
     * Writes (or replaces) the search row of file {@code fileId}: with {@code text} to index, {@code pending} until
     * {@link #complete}; otherwise final, the file found by its name and tags. Returns whether the row holds text
     * to index.
     */
    public static boolean write(Connection connection, UUID fileId, ExtractedText text) throws SQLException {
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(text, "text");
        try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            statement.setString(1, text.indexed() ? PENDING : text.status().wire());
            statement.setString(2, text.language());
            statement.setString(3, text.config());
            statement.setInt(4, text.text().length());
            statement.setBoolean(5, text.truncated());
            statement.setString(6, text.reason());
            statement.setString(7, text.text());
            statement.setString(8, text.config());
            statement.setObject(9, fileId);
            statement.executeUpdate();
        }
        return text.indexed();
    }

    /** What {@link #complete} did. */
    public enum Completion {
        /** the text's vector is in the index */
        INDEXED,
        /** the database refused the text's vector (over its size limit): the row keeps the name and tags only */
        REFUSED,
        /** the row was not pending (completed already, replaced, or gone) */
        NOTHING
    }

    /**
     * Computes the vector of the pending row of {@code fileId} from its stored text and the file's current name and
     * tags. Idempotent; two completions at once compute it once (the second finds the row indexed). Runs in the
     * caller's transaction and scope.
     */
    public static Completion complete(Connection connection, UUID fileId) throws SQLException {
        Objects.requireNonNull(fileId, "fileId");
        Savepoint savepoint = connection.setSavepoint();
        try (PreparedStatement statement = connection.prepareStatement(COMPLETE)) {
            statement.setObject(1, fileId);
            int completed = statement.executeUpdate();
            connection.releaseSavepoint(savepoint);
            return completed == 0 ? Completion.NOTHING : Completion.INDEXED;
        } catch (SQLException e) {
            connection.rollback(savepoint);
            if (!"54000".equals(e.getSQLState())) {   // program_limit_exceeded: a text whose vector is too large
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

    /** The ids of up to {@code limit} pending rows, the oldest first (for the backfill). */
    static java.util.List<UUID> pending(Connection connection, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select file_id from file_texts"
                + " where status = 'pending' order by indexed_at, file_id limit ?")) {
            statement.setInt(1, limit);
            java.util.List<UUID> ids = new java.util.ArrayList<>();
            try (java.sql.ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        }
    }

    /** Removes the search row of {@code fileId} (its content is no longer that of a ready file). */
    public static void remove(Connection connection, UUID fileId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("delete from file_texts where file_id = ?")) {
            statement.setObject(1, fileId);
            statement.executeUpdate();
        }
    }
}
