package com.aisaas.processing;

import com.aisaas.common.Json;
import com.aisaas.db.Database;
import com.aisaas.db.RowSecurity;
import com.aisaas.files.FileId;
import com.aisaas.files.FileStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link ProcessingRepository} on PostgreSQL. Claims and outcomes are single conditional updates
 * ({@code where status in ('pending', 'processing')}, {@code where status = 'processing'}), so a redelivered event
 * or a racing host changes a finished row never. Orphan blobs and failed files go to {@code dead_letters}
 * (source {@code upload-orphan} / {@code upload-failed}, event id {@code <blob path>@<eTag>}), where the admin
 * endpoint of issue 4 will list them.
 */
public final class JdbcProcessingRepository implements ProcessingRepository {

    static final String ACTOR = "system:upload-processor";
    static final String ORPHAN_SOURCE = "upload-orphan";
    static final String FAILED_SOURCE = "upload-failed";

    private final Database database;

    public JdbcProcessingRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Claim claim(String blobPath, Instant now) {
        return database.inTransaction(connection -> {
            RowSecurity.bypass(connection);
            try (PreparedStatement statement = connection.prepareStatement("update files set status = 'processing',"
                    + " updated_at = ? where blob_path = ? and status in ('pending', 'processing')"
                    + " returning id, owner_id, name, declared_content_type, declared_size_bytes, blob_path")) {
                statement.setObject(1, timestamp(now));
                statement.setString(2, blobPath);
                try (ResultSet rs = statement.executeQuery()) {
                    if (rs.next()) {
                        long declared = rs.getLong("declared_size_bytes");
                        UploadRow row = new UploadRow(new FileId(rs.getObject("id", UUID.class)),
                                rs.getString("owner_id"), rs.getString("name"),
                                rs.getString("declared_content_type"), rs.wasNull() ? -1 : declared,
                                rs.getString("blob_path"));
                        return new Claim(Optional.of(row), Optional.of(FileStatus.PROCESSING));
                    }
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "select status from files where blob_path = ?")) {
                statement.setString(1, blobPath);
                try (ResultSet rs = statement.executeQuery()) {
                    if (rs.next()) {
                        return new Claim(Optional.empty(), Optional.of(
                                FileStatus.valueOf(rs.getString(1).toUpperCase(Locale.ROOT))));
                    }
                }
            }
            return new Claim(Optional.empty(), Optional.empty());
        });
    }

    @Override
    public boolean finish(UploadRow row, Outcome outcome, Instant now) {
        return database.inTransaction(connection -> {
            RowSecurity.bypass(connection);
            try (PreparedStatement statement = connection.prepareStatement("update files set status = ?, sha256 = ?,"
                    + " detected_content_type = ?, size_bytes = coalesce(?, size_bytes), blob_etag = ?,"
                    + " rejection_reason = ?, processed_at = ?, updated_at = ?"
                    + " where id = ? and status = 'processing'")) {
                statement.setString(1, outcome.status().wire());
                statement.setString(2, outcome.sha256());
                statement.setString(3, outcome.detectedContentType());
                if (outcome.sizeBytes() == null) {
                    statement.setNull(4, Types.BIGINT);
                } else {
                    statement.setLong(4, outcome.sizeBytes());
                }
                statement.setString(5, outcome.etag());
                statement.setString(6, outcome.reason());
                statement.setObject(7, timestamp(now));
                statement.setObject(8, timestamp(now));
                statement.setObject(9, row.id().value());
                if (statement.executeUpdate() == 0) {
                    return false;
                }
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("status", outcome.status().wire());
            putIfPresent(details, "sha256", outcome.sha256());
            putIfPresent(details, "detectedContentType", outcome.detectedContentType());
            putIfPresent(details, "size", outcome.sizeBytes());
            putIfPresent(details, "etag", outcome.etag());
            putIfPresent(details, "reason", outcome.reason());
            audit(connection, "file." + outcome.status().wire(), row.id(), details);
            if (outcome.status() == FileStatus.FAILED) {
                deadLetter(connection, FAILED_SOURCE, key(row.blobPath(), outcome.etag()),
                        Map.of("fileId", row.id().toString(), "ownerId", row.ownerId(), "blobPath", row.blobPath()),
                        outcome.reason());
            }
            return true;
        });
    }

    @Override
    public void recordOrphan(String blobPath, String etag, Instant now) {
        database.inTransaction(connection -> {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("blobPath", blobPath);
            putIfPresent(payload, "etag", etag);
            payload.put("seenAt", now.toString());
            deadLetter(connection, ORPHAN_SOURCE, key(blobPath, etag), payload,
                    "blob matches no file: uploaded outside the API");
            return null;
        });
    }

    /** Inserts a dead letter unless one with the same source and event id exists. */
    private static void deadLetter(Connection connection, String source, String eventId, Map<String, Object> payload,
                                   String reason) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("insert into dead_letters (source, event_id,"
                + " payload, reason, attempts) select ?, ?, ?::jsonb, ?, 1 where not exists"
                + " (select 1 from dead_letters where source = ? and event_id = ?)")) {
            statement.setString(1, source);
            statement.setString(2, eventId);
            statement.setString(3, Json.write(payload));
            statement.setString(4, reason);
            statement.setString(5, source);
            statement.setString(6, eventId);
            statement.executeUpdate();
        }
    }

    private static void audit(Connection connection, String action, FileId id, Map<String, Object> details)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("insert into audit_log (at, actor, action,"
                + " file_id, details) values (now(), ?, ?, ?, ?::jsonb)")) {
            statement.setString(1, ACTOR);
            statement.setString(2, action);
            statement.setObject(3, id.value());
            statement.setString(4, Json.write(details));
            statement.executeUpdate();
        }
    }

    private static String key(String blobPath, String etag) {
        return etag == null ? blobPath : blobPath + "@" + etag;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
