package com.aisaas.maintenance;

import com.aisaas.common.Json;
import com.aisaas.common.Scope;
import com.aisaas.db.AuditRows;
import com.aisaas.db.Database;
import com.aisaas.db.DeadLetterRows;
import com.aisaas.db.SqlTime;
import com.aisaas.files.BlobPaths;
import com.aisaas.maintenance.MaintenanceBlobs.BlobEntry;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** {@link ReconciliationRepository} in PostgreSQL, as the maintenance role. */
final class JdbcReconciliationRepository implements ReconciliationRepository {

    static final String ACTOR = "system:reconciliation";

    /** Which files should have their blob in each container. */
    private static final Map<String, String> ROWS_OF_CONTAINER = Map.of(
            BlobPaths.UPLOADS_CONTAINER, "blob_container = 'uploaded-files'",
            BlobPaths.FILES_CONTAINER, "status = 'ready' and blob_container = 'files'",
            BlobPaths.QUARANTINE_CONTAINER, "(status = 'rejected' and metadata ->> 'quarantinePurgedAt' is null)"
                    + " or (status = 'deleted' and previous_status = 'rejected')",
            BlobPaths.DELETED_CONTAINER, "status = 'deleted' and previous_status = 'ready'");

    private final Database database;

    JdbcReconciliationRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public List<FileRow> page(String container, String afterBlobPath, int limit) {
        String filter = ROWS_OF_CONTAINER.get(container);
        if (filter == null) {
            throw new IllegalArgumentException("no files are kept in container " + container);
        }
        String sql = "select id, tenant_id, owner_id, status, previous_status, blob_path, created_at, updated_at"
                + " from files where (" + filter + ") and blob_path collate \"C\" > ?"
                + " order by blob_path collate \"C\" limit ?";
        return database.readOnly(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setString(1, afterBlobPath);
                select.setInt(2, limit);
                List<FileRow> found = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        String blobPath = rs.getString("blob_path");
                        found.add(new FileRow(rs.getObject("id", UUID.class),
                                new Scope(rs.getString("tenant_id"), rs.getString("owner_id")),
                                rs.getString("status"), rs.getString("previous_status"), blobPath,
                                blobName(blobPath), SqlTime.instant(rs, "created_at"), SqlTime.instant(rs, "updated_at")));
                    }
                }
                return found;
            }
        });
    }

    @Override
    public boolean markBlobMissing(FileRow row, String container, String reason, Instant now, Instant settledBefore) {
        boolean deleted = "deleted".equals(row.status());
        return database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("update files set status = ?,"
                    + " previous_status = ?, rejection_reason = ?, updated_at = ? where id = ? and status = ?"
                    + " and previous_status is not distinct from ? and updated_at < ?")) {
                update.setString(1, deleted ? "deleted" : "failed");
                update.setString(2, deleted ? "failed" : row.previousStatus());
                update.setString(3, reason);
                update.setObject(4, SqlTime.timestamp(now));
                update.setObject(5, row.id());
                update.setString(6, row.status());
                update.setString(7, row.previousStatus());
                update.setObject(8, SqlTime.timestamp(settledBefore));
                if (update.executeUpdate() == 0) {
                    return false;
                }
            }
            Map<String, Object> audit = new LinkedHashMap<>();
            audit.put("container", container);
            audit.put("blobPath", row.blobPath());
            audit.put("previousStatus", row.status());
            if (row.previousStatus() != null) {
                audit.put("statusBeforeDelete", row.previousStatus());
            }
            audit.put("reason", reason);
            AuditRows.insert(connection, row.scope(), ACTOR, "file.blob_missing", row.id(), null, audit);
            return true;
        });
    }

    @Override
    public boolean expireUpload(FileRow row, String reason, Instant now, Instant pendingBefore) {
        return database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("update files set status = 'failed',"
                    + " rejection_reason = ?, updated_at = ? where id = ? and status = 'pending' and created_at < ?")) {
                update.setString(1, reason);
                update.setObject(2, SqlTime.timestamp(now));
                update.setObject(3, row.id());
                update.setObject(4, SqlTime.timestamp(pendingBefore));
                if (update.executeUpdate() == 0) {
                    return false;
                }
            }
            AuditRows.insert(connection, row.scope(), ACTOR, "file.upload_expired", row.id(), null,
                    Map.of("blobPath", row.blobPath(), "createdAt", row.createdAt().toString(), "reason", reason));
            return true;
        });
    }

    @Override
    public Map<String, FileAt> filesOfBlobPaths(Collection<String> blobPaths) {
        if (blobPaths.isEmpty()) {
            return Map.of();
        }
        return database.readOnly(connection -> {
            Array array = connection.createArrayOf("text", blobPaths.toArray());
            try (PreparedStatement select = connection.prepareStatement(
                    "select blob_path, blob_container, status from files where blob_path = any(?)")) {
                select.setArray(1, array);
                Map<String, FileAt> found = new HashMap<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getString(1), new FileAt(rs.getString(2), rs.getString(3)));
                    }
                }
                return found;
            }
        });
    }

    @Override
    public boolean recordOrphan(String source, String blobPath, BlobEntry blob, String reason) {
        return database.inTransaction(connection -> {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("blobPath", blobPath);
            if (blob.etag() != null) {
                payload.put("etag", blob.etag());
            }
            payload.put("size", blob.size());
            payload.put("createdAt", blob.createdAt().toString());
            payload.put("foundBy", "reconciliation");
            return DeadLetterRows.insert(connection, null, source, blobPath, Json.write(payload), reason, 0,
                    List.of(blobPath, blob.etag() == null ? blobPath : blobPath + "@" + blob.etag()), false);
        });
    }

    /** The name inside its container; a path without a container prefix is used whole (it then matches nothing). */
    private static String blobName(String blobPath) {
        int slash = blobPath.indexOf('/');
        return slash < 1 ? blobPath : blobPath.substring(slash + 1);
    }
}
