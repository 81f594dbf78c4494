package com.aisaas.processing;

import static com.aisaas.db.SqlTime.timestamp;

import com.aisaas.common.Json;
import com.aisaas.common.Scope;
import com.aisaas.db.AuditRows;
import com.aisaas.db.Database;
import com.aisaas.db.DeadLetterRows;
import com.aisaas.db.RowSecurity;
import com.aisaas.files.FileId;
import com.aisaas.files.FileStatus;
import com.aisaas.search.ExtractedText;
import com.aisaas.search.FileTexts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link ProcessingRepository} on PostgreSQL. Claims and outcomes are single conditional updates, so a
 * redelivered event or a racing host never changes a finished row, and only the holder of a live claim works on a
 * file. Orphan blobs and failed files go to {@code dead_letters} (source {@code upload-orphan} /
 * {@code upload-failed}, event id {@code <blob path>@<eTag>}), which the admin endpoints list and replay.
 */
public final class JdbcProcessingRepository implements ProcessingRepository {

    static final String ACTOR = "system:upload-processor";
    static final String ORPHAN_SOURCE = UploadProcessor.ORPHAN_SOURCE;
    static final String FAILED_SOURCE = UploadProcessor.FAILED_SOURCE;

    private static final String RETURNING = " returning id, tenant_id, owner_id, name, declared_content_type,"
            + " declared_size_bytes, blob_path, processing_claim, processing_attempts, processing_error";

    private final Database database;

    public JdbcProcessingRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Claim claim(String blobPath, Instant now, Instant leaseUntil) {
        return database.inTransaction(connection -> {
            if (RowSecurity.actAsOwnerOfBlob(connection, blobPath).isEmpty()) {
                return Claim.noFile();
            }
            try (PreparedStatement statement = connection.prepareStatement("update files set status = 'processing',"
                    + " processing_claim = gen_random_uuid(), processing_claimed_until = ?,"
                    + " processing_attempts = processing_attempts + 1, updated_at = ?"
                    + " where blob_path = ? and (status = 'pending' or (status = 'processing'"
                    + " and (processing_claimed_until is null or processing_claimed_until <= ?)))" + RETURNING)) {
                statement.setObject(1, timestamp(leaseUntil));
                statement.setObject(2, timestamp(now));
                statement.setString(3, blobPath);
                statement.setObject(4, timestamp(now));
                Optional<UploadRow> row = claimed(statement);
                if (row.isPresent()) {
                    return Claim.claimed(row.get());
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "select status, blob_etag, blob_container from files where blob_path = ?")) {
                statement.setString(1, blobPath);
                try (ResultSet rs = statement.executeQuery()) {
                    if (rs.next()) {
                        return Claim.notClaimed(FileStatus.valueOf(rs.getString(1).toUpperCase(Locale.ROOT)),
                                rs.getString(2), rs.getString(3));
                    }
                }
            }
            return Claim.noFile();
        });
    }

    @Override
    public Optional<UploadRow> reclaimChanged(String blobPath, String currentEtag, Instant now, Instant leaseUntil) {
        Objects.requireNonNull(currentEtag, "currentEtag");
        return database.inTransaction(connection -> {
            if (RowSecurity.actAsOwnerOfBlob(connection, blobPath).isEmpty()) {
                return Optional.empty();
            }
            try (PreparedStatement statement = connection.prepareStatement("update files set status = 'processing',"
                    + " processing_claim = gen_random_uuid(), processing_claimed_until = ?, processing_attempts = 1,"
                    + " processing_error = null, updated_at = ?"
                    + " where blob_path = ? and status = 'ready' and blob_container = 'uploaded-files'"
                    + " and blob_etag is distinct from ?" + RETURNING)) {
                statement.setObject(1, timestamp(leaseUntil));
                statement.setObject(2, timestamp(now));
                statement.setString(3, blobPath);
                statement.setString(4, currentEtag);
                Optional<UploadRow> row = claimed(statement);
                if (row.isPresent()) {
                    audit(connection, row.get(), "file.reprocess", Map.of("reason", "blob overwritten",
                            "etag", currentEtag));
                }
                return row;
            }
        });
    }

    @Override
    public FileTexts.Completion indexText(UploadRow row, ExtractedText text) {
        return database.inTransaction(connection -> {
            RowSecurity.actAs(connection, row.scope());
            return FileTexts.complete(connection, row.id().value(), text);
        });
    }

    @Override
    public Finished finish(UploadRow row, Outcome outcome, Instant now,
                           java.util.function.Function<Finished, com.aisaas.events.DomainEvent> announcement) {
        return database.inTransaction(connection -> {
            RowSecurity.actAs(connection, row.scope());
            FileStatus status = outcome.status();
            String reason = outcome.reason();
            Map<String, Object> metadata = new LinkedHashMap<>(outcome.metadata());
            Optional<FileId> duplicateOf = Optional.empty();
            if (status == FileStatus.READY && outcome.sha256() != null) {
                duplicateOf = readyDuplicate(connection, row, outcome.sha256());
                if (duplicateOf.isPresent()) {
                    status = FileStatus.REJECTED;
                    reason = "duplicate content: the same as file " + duplicateOf.get();
                    metadata.put("duplicateOf", duplicateOf.get().toString());
                }
            }
            try (PreparedStatement statement = connection.prepareStatement("update files set status = ?, sha256 = ?,"
                    + " detected_content_type = ?, size_bytes = coalesce(?, size_bytes), blob_etag = ?,"
                    + " rejection_reason = ?, metadata = metadata || ?::jsonb, processed_at = ?, updated_at = ?,"
                    + " processing_claim = null, processing_claimed_until = null, processing_error = null,"
                    + " blob_container = coalesce(?, blob_container)"
                    + " where id = ? and status = 'processing' and processing_claim = ?")) {
                statement.setString(1, status.wire());
                statement.setString(2, outcome.sha256());
                statement.setString(3, outcome.detectedContentType());
                if (outcome.sizeBytes() == null) {
                    statement.setNull(4, Types.BIGINT);
                } else {
                    statement.setLong(4, outcome.sizeBytes());
                }
                statement.setString(5, outcome.etag());
                statement.setString(6, reason);
                statement.setString(7, Json.write(metadata));
                statement.setObject(8, timestamp(now));
                statement.setObject(9, timestamp(now));
                statement.setString(10, status == FileStatus.READY ? outcome.container() : null);
                statement.setObject(11, row.id().value());
                statement.setObject(12, row.claim());
                if (statement.executeUpdate() == 0) {
                    return Finished.unchanged();
                }
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("status", status.wire());
            putIfPresent(details, "sha256", outcome.sha256());
            putIfPresent(details, "detectedContentType", outcome.detectedContentType());
            putIfPresent(details, "size", outcome.sizeBytes());
            putIfPresent(details, "etag", outcome.etag());
            if (status == FileStatus.READY) {
                putIfPresent(details, "container", outcome.container());
            }
            putIfPresent(details, "reason", reason);
            details.put("attempt", row.attempt());
            audit(connection, row, "file." + status.wire(), details);
            if (status == FileStatus.FAILED) {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("fileId", row.id().toString());
                payload.put("ownerId", row.ownerId());
                payload.put("blobPath", row.blobPath());
                payload.put("attempts", row.attempt());
                deadLetter(connection, row.scope(), FAILED_SOURCE,
                        key(row.blobPath(), outcome.etag()) + "#" + row.claim(),
                        payload, reason, row.attempt());
            }
            boolean textIndexed = false;
            if (status == FileStatus.READY) {
                textIndexed = FileTexts.write(connection, row.id().value(),
                        outcome.text() == null ? ExtractedText.none(null) : outcome.text());
            } else {
                FileTexts.remove(connection, row.id().value()); // an overwrite may have turned a ready file
            }
            Finished finished = new Finished(true, status, reason, duplicateOf, null, textIndexed);
            com.aisaas.events.DomainEvent event = announcement.apply(finished);
            com.aisaas.events.Outbox.append(connection, row.scope(), event);
            return new Finished(true, status, reason, duplicateOf, event, textIndexed);
        });
    }

    /**
     * The owner's other ready file with this content (in the same tenant), under a transaction-scoped lock on
     * (tenant, owner, hash): of two identical uploads finishing at once, the second waits and then sees the first.
     */
    private static Optional<FileId> readyDuplicate(Connection connection, UploadRow row, String sha256)
            throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "select pg_advisory_xact_lock(hashtextextended(? || '/' || ?, 0))")) {
            lock.setString(1, row.scope().key());
            lock.setString(2, sha256);
            lock.execute();
        }
        try (PreparedStatement statement = connection.prepareStatement("select id from files where tenant_id = ?"
                + " and owner_id = ? and sha256 = ? and status = 'ready' and id <> ? order by created_at, id limit 1")) {
            statement.setString(1, row.tenantId());
            statement.setString(2, row.ownerId());
            statement.setString(3, sha256);
            statement.setObject(4, row.id().value());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(new FileId(rs.getObject(1, UUID.class))) : Optional.empty();
            }
        }
    }

    @Override
    public boolean extend(UploadRow row, Instant now, Instant leaseUntil) {
        return database.inTransaction(connection -> {
            RowSecurity.actAs(connection, row.scope());
            try (PreparedStatement statement = connection.prepareStatement("update files set"
                    + " processing_claimed_until = ? where id = ? and status = 'processing' and processing_claim = ?"
                    + " and processing_claimed_until > ?")) {
                statement.setObject(1, timestamp(leaseUntil));
                statement.setObject(2, row.id().value());
                statement.setObject(3, row.claim());
                statement.setObject(4, timestamp(now));
                return statement.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void release(UploadRow row, String error, boolean refund, Instant now) {
        database.inTransaction(connection -> {
            RowSecurity.actAs(connection, row.scope());
            try (PreparedStatement statement = connection.prepareStatement("update files set"
                    + " processing_claimed_until = null, processing_error = ?, updated_at = ?,"
                    + " processing_attempts = greatest(processing_attempts - ?, 0)"
                    + " where id = ? and status = 'processing' and processing_claim = ?")) {
                statement.setString(1, error == null ? null : truncate(error, 1000));
                statement.setObject(2, timestamp(now));
                statement.setInt(3, refund ? 1 : 0);
                statement.setObject(4, row.id().value());
                statement.setObject(5, row.claim());
                statement.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void recordOrphan(String blobPath, String etag, Instant now) {
        database.inTransaction(connection -> {
            RowSecurity.platform(connection); // a blob that matches no file belongs to no tenant we know
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("blobPath", blobPath);
            putIfPresent(payload, "etag", etag);
            payload.put("seenAt", now.toString());
            deadLetter(connection, null, ORPHAN_SOURCE, key(blobPath, etag), payload,
                    "blob matches no file: uploaded outside the API", 1);
            return null;
        });
    }

    private static Optional<UploadRow> claimed(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            long declared = rs.getLong("declared_size_bytes");
            boolean noDeclared = rs.wasNull();
            return Optional.of(new UploadRow(new FileId(rs.getObject("id", UUID.class)), rs.getString("tenant_id"),
                    rs.getString("owner_id"), rs.getString("name"), rs.getString("declared_content_type"),
                    noDeclared ? -1 : declared, rs.getString("blob_path"),
                    rs.getObject("processing_claim", UUID.class), rs.getInt("processing_attempts"),
                    rs.getString("processing_error")));
        }
    }

    /** Inserts a dead letter unless one with the same source and event id exists. */
    private static void deadLetter(Connection connection, Scope scope, String source, String eventId,
                                   Map<String, Object> payload, String reason, int attempts) throws SQLException {
        DeadLetterRows.insert(connection, scope, source, eventId, Json.write(payload), reason, attempts,
                List.of(eventId), false);
    }

    private static void audit(Connection connection, UploadRow row, String action, Map<String, Object> details)
            throws SQLException {
        AuditRows.insert(connection, row.scope(), ACTOR, action, row.id().value(), null, details);
    }

    private static String key(String blobPath, String etag) {
        return etag == null ? blobPath : blobPath + "@" + etag;
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
