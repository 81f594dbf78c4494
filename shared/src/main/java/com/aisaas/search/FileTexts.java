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
 * The one writer of {@code file_texts} (V8__search.sql): the search row of a file, written inside the caller's
 * transaction and scope (processing's, or the backfill's), so the row appears with the file's new state or not at
 * all. The vector is computed by the database ({@code file_search_vector}) from the file's current name and tags
 * and the extracted text.
 */
public final class FileTexts {

    private static final Logger log = LoggerFactory.getLogger(FileTexts.class);

    private static final String UPSERT = "insert into file_texts (file_id, tenant_id, owner_id, status, language,"
            + " config, extracted_chars, truncated, reason, body, tsv, indexed_at)"
            + " select f.id, f.tenant_id, f.owner_id, ?, ?, ?::regconfig, ?, ?, ?, ?,"
            + " file_search_vector(?::regconfig, f.name, f.tags, ?), now() from files f where f.id = ?"
            + " on conflict (file_id) do update set status = excluded.status, language = excluded.language,"
            + " config = excluded.config, extracted_chars = excluded.extracted_chars,"
            + " truncated = excluded.truncated, reason = excluded.reason, body = excluded.body, tsv = excluded.tsv,"
            + " indexed_at = excluded.indexed_at";

    private FileTexts() {
    }

    /**
     * Writes (or replaces) the search row of file {@code fileId} with {@code text}. Returns whether its text is
     * indexed: when the database refuses the text (a vector over its size limit), the row is written without it,
     * as {@code failed}, and the rest of the caller's transaction goes on.
     */
    public static boolean write(Connection connection, UUID fileId, ExtractedText text) throws SQLException {
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(text, "text");
        Savepoint savepoint = connection.setSavepoint();
        try {
            upsert(connection, fileId, text);
            connection.releaseSavepoint(savepoint);
            return text.indexed();
        } catch (SQLException e) {
            connection.rollback(savepoint);
            if (!text.indexed()) {
                throw e;
            }
            log.warn("file {}: its text could not be indexed ({}); indexing its name and tags only", fileId,
                    e.getSQLState());
            upsert(connection, fileId, ExtractedText.failed("the text could not be indexed: " + e.getSQLState()));
            return false;
        }
    }

    /** Removes the search row of {@code fileId} (its content is no longer that of a ready file). */
    public static void remove(Connection connection, UUID fileId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("delete from file_texts where file_id = ?")) {
            statement.setObject(1, fileId);
            statement.executeUpdate();
        }
    }

    private static void upsert(Connection connection, UUID fileId, ExtractedText text) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            statement.setString(1, text.status().wire());
            statement.setString(2, text.language());
            statement.setString(3, text.config());
            statement.setInt(4, text.text().length());
            statement.setBoolean(5, text.truncated());
            statement.setString(6, text.reason());
            statement.setString(7, text.text());
            statement.setString(8, text.config());
            statement.setString(9, text.text());
            statement.setObject(10, fileId);
            statement.executeUpdate();
        }
    }
}
