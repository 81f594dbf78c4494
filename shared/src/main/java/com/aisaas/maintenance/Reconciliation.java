package com.aisaas.maintenance;

import com.aisaas.cache.MetadataCache;
import com.aisaas.common.Json;
import com.aisaas.config.MaintenanceSettings;
import com.aisaas.db.Database;
import com.aisaas.common.Scope;
import com.aisaas.db.AuditRows;
import com.aisaas.db.DeadLetterRows;
import com.aisaas.files.BlobPaths;
import com.aisaas.maintenance.MaintenanceBlobs.BlobEntry;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hourly reconciliation of {@code files} rows with the blobs in Storage.
 *
 * <p>For each container it walks the rows (pages of RETENTION_BATCH_SIZE, in blob-name order) beside the container's
 * listing (pages of the same size, name order) like a merge join: memory holds a page of each, never all names.
 * What the walk suggests is confirmed before anything changes (a HEAD on the blob, a lookup of the row), so a
 * difference in name order between the two sides or a change during the walk only costs a confirmation.
 *
 * <ul>
 *   <li><b>Rows whose blob is missing</b> ({@code missingBlobs}): {@code ready} rows without a blob in
 *       {@code uploaded-files}, {@code rejected} rows without one in {@code quarantine}, and soft-deleted rows
 *       without one where they wait for a restore ({@code deleted-files} when deleted while ready, {@code quarantine}
 *       when deleted while rejected). A {@code ready}/{@code rejected} row becomes {@code failed} with reason
 *       {@code blob missing}; a soft-deleted row stays deleted and would be restored as {@code failed}. Audit action
 *       {@code file.blob_missing}. Only rows unchanged for RECONCILE_ORPHAN_MIN_AGE_MINUTES are touched (a move in
 *       flight is not a loss).</li>
 *   <li><b>Orphans</b> ({@code orphansRecorded}): blobs in {@code uploaded-files} older than
 *       RECONCILE_ORPHAN_MIN_AGE_MINUTES that no row names, recorded as dead letters with source
 *       {@code upload-orphan} (as the upload processor records them), once per blob
 *       ({@code orphansAlreadyRecorded} counts the ones known before). Blobs are not deleted: an admin decides.</li>
 *   <li><b>Expired upload sessions</b> ({@code pendingExpired}): {@code pending} rows older than the upload SAS
 *       lifetime (UPLOAD_SAS_MINUTES) plus {@link #PENDING_GRACE}, with no blob, become {@code failed} with reason
 *       {@code upload session expired} (audit {@code file.upload_expired}).</li>
 *   <li><b>Uploaded but never processed</b> ({@code pendingWithBlob}): such a {@code pending} row whose blob does
 *       exist (its storage event was lost) is reported, with sample file ids, and left as it is: processing it is
 *       the upload processor's job (re-deliver the blob's event, or touch the blob), not an hourly sweep's.</li>
 * </ul>
 * Every change is a conditional update, so a second run changes nothing. Each run is reported in
 * {@code maintenance_runs} (kind {@value #KIND}).
 */
public final class Reconciliation {

    /** The {@link JobLock} name of the reconciliation. */
    public static final String JOB = "reconciliation";
    /** The {@code maintenance_runs.kind} of its reports. */
    public static final String KIND = "reconciliation";
    /** Added to the upload SAS lifetime before a pending upload counts as abandoned (clock skew, slow clients). */
    public static final Duration PENDING_GRACE = Duration.ofMinutes(15);
    static final String ACTOR = "system:reconciliation";
    static final String ORPHAN_SOURCE = com.aisaas.processing.UploadProcessor.ORPHAN_SOURCE;
    static final String BLOB_MISSING = "blob missing";
    static final String SESSION_EXPIRED = "upload session expired";
    /** How many file ids or blob paths a report lists per finding. */
    static final int SAMPLE_SIZE = 20;

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);

    private final Database database;
    private final MaintenanceBlobs blobs;
    private final MetadataCache cache;
    private final MaintenanceSettings settings;
    private final Duration uploadSessionTtl;
    private final Clock clock;
    private final MaintenanceRuns runs;

    /**
     * @param uploadSessionTtl UPLOAD_SAS_MINUTES (FilesSettings.uploadSasTtl)
     */
    public Reconciliation(Database database, MaintenanceBlobs blobs, MetadataCache cache, MaintenanceSettings settings,
                          Duration uploadSessionTtl, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.uploadSessionTtl = Objects.requireNonNull(uploadSessionTtl, "uploadSessionTtl");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.runs = new MaintenanceRuns(database, clock);
    }

    /**
     * Reconciles and reports. Counts: {@code rowsChecked}, {@code blobsListed}, {@code missingBlobs},
     * {@code orphansRecorded}, {@code orphansAlreadyRecorded}, {@code pendingExpired}, {@code pendingWithBlob};
     * details: samples of each finding.
     *
     * @throws com.aisaas.common.DependencyException when PostgreSQL or Storage fails (reported as a failed run)
     */
    public MaintenanceRun run() {
        return runs.run(KIND, report -> {
            Walk walk = new Walk(report);
            walk.container(BlobPaths.UPLOADS_CONTAINER, "true");
            walk.container(BlobPaths.QUARANTINE_CONTAINER,
                    "(status = 'rejected' and metadata ->> 'quarantinePurgedAt' is null)"
                            + " or (status = 'deleted' and previous_status = 'rejected')");
            walk.container(BlobPaths.DELETED_CONTAINER, "status = 'deleted' and previous_status = 'ready'");
        });
    }

    /** A row of files as the walk sees it; {@code name} is the blob name inside its container. */
    private record Row(UUID id, Scope scope, String status, String previousStatus, String blobPath, String name,
                       Instant createdAt, Instant updatedAt) {
    }

    /** One run's state: counts, samples, and the candidates waiting for confirmation. */
    private final class Walk {
        final MaintenanceRuns.Report report;
        final Instant settledBefore;
        final Instant pendingBefore;
        final int batchSize = settings.retentionBatchSize();
        final List<Row> missing = new ArrayList<>();
        final List<Row> expired = new ArrayList<>();
        final List<BlobEntry> orphans = new ArrayList<>();
        String container;

        Walk(MaintenanceRuns.Report report) {
            this.report = report;
            this.settledBefore = report.startedAt().minus(settings.orphanMinAge());
            this.pendingBefore = report.startedAt().minus(uploadSessionTtl).minus(PENDING_GRACE);
            for (String name : List.of("rowsChecked", "blobsListed", "missingBlobs", "orphansRecorded",
                    "orphansAlreadyRecorded", "pendingExpired", "pendingWithBlob")) {
                report.count(name, 0);
            }
            report.detail("settledBefore", settledBefore.toString());
            report.detail("pendingCreatedBefore", pendingBefore.toString());
            report.detail("pendingWithBlobPolicy", "reported, not re-driven");
        }

        void container(String name, String rowFilter) {
            this.container = name;
            boolean uploads = BlobPaths.UPLOADS_CONTAINER.equals(name);
            Iterator<Row> rows = rows(rowFilter);
            Iterator<BlobEntry> listing = blobs.list(name, batchSize);
            Row row = next(rows);
            BlobEntry blob = next(listing);
            while (row != null || blob != null) {
                int order = row == null ? 1 : blob == null ? -1 : row.name().compareTo(blob.name());
                if (order == 0) {
                    count("rowsChecked");
                    count("blobsListed");
                    if (uploads) {
                        both(row);
                    }
                    row = next(rows);
                    blob = next(listing);
                } else if (order < 0) {
                    count("rowsChecked");
                    rowOnly(row, uploads);
                    row = next(rows);
                } else {
                    count("blobsListed");
                    if (uploads && blob.createdAt().isBefore(settledBefore)) {
                        orphans.add(blob);
                        if (orphans.size() >= batchSize) {
                            flushOrphans();
                        }
                    }
                    blob = next(listing);
                }
            }
            flushMissing();
            flushExpired();
            flushOrphans();
        }

        private void both(Row row) {
            if ("pending".equals(row.status()) && row.createdAt().isBefore(pendingBefore)) {
                count("pendingWithBlob");
                sample("pendingWithBlobFileIds", row.id().toString());
                log.warn("file {} is still pending although its blob was uploaded: its storage event was not"
                        + " processed", row.id());
            }
        }

        private void rowOnly(Row row, boolean uploads) {
            if (uploads && "pending".equals(row.status())) {
                if (row.createdAt().isBefore(pendingBefore)) {
                    expired.add(row);
                    if (expired.size() >= batchSize) {
                        flushExpired();
                    }
                }
                return;
            }
            boolean expectsBlob = uploads ? "ready".equals(row.status()) : true; // the other filters select exactly
            if (expectsBlob && row.updatedAt().isBefore(settledBefore)) {
                missing.add(row);
                if (missing.size() >= batchSize) {
                    flushMissing();
                }
            }
        }

        private void flushMissing() {
            Set<Scope> owners = new LinkedHashSet<>();
            for (Row row : missing) {
                if (blobs.exists(container, row.name())) {
                    continue;
                }
                boolean deleted = "deleted".equals(row.status());
                boolean marked = database.inTransaction(connection -> {
                    try (PreparedStatement update = connection.prepareStatement("update files set status = ?,"
                            + " previous_status = ?, rejection_reason = ?, updated_at = ? where id = ? and status = ?"
                            + " and previous_status is not distinct from ? and updated_at < ?")) {
                        update.setString(1, deleted ? "deleted" : "failed");
                        update.setString(2, deleted ? "failed" : row.previousStatus());
                        update.setString(3, BLOB_MISSING);
                        update.setObject(4, Sql.timestamp(now()));
                        update.setObject(5, row.id());
                        update.setString(6, row.status());
                        update.setString(7, row.previousStatus());
                        update.setObject(8, Sql.timestamp(settledBefore));
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
                    audit.put("reason", BLOB_MISSING);
                    AuditRows.insert(connection, row.scope(), ACTOR, "file.blob_missing", row.id(), null, audit);
                    return true;
                });
                if (marked) {
                    count("missingBlobs");
                    sample("missingBlobFileIds", row.id().toString());
                    owners.add(row.scope());
                    log.warn("file {} ({}) has no blob in {}: marked {}", row.id(), row.status(), container,
                            BLOB_MISSING);
                }
            }
            missing.clear();
            owners.forEach(cache::invalidate);
        }

        private void flushExpired() {
            Set<Scope> owners = new LinkedHashSet<>();
            for (Row row : expired) {
                if (blobs.exists(BlobPaths.UPLOADS_CONTAINER, row.name())) {
                    continue; // uploaded meanwhile: the upload processor's business
                }
                boolean marked = database.inTransaction(connection -> {
                    try (PreparedStatement update = connection.prepareStatement("update files set status = 'failed',"
                            + " rejection_reason = ?, updated_at = ? where id = ? and status = 'pending'"
                            + " and created_at < ?")) {
                        update.setString(1, SESSION_EXPIRED);
                        update.setObject(2, Sql.timestamp(now()));
                        update.setObject(3, row.id());
                        update.setObject(4, Sql.timestamp(pendingBefore));
                        if (update.executeUpdate() == 0) {
                            return false;
                        }
                    }
                    AuditRows.insert(connection, row.scope(), ACTOR, "file.upload_expired", row.id(), null,
                            Map.of("blobPath", row.blobPath(), "createdAt", row.createdAt().toString(),
                                    "reason", SESSION_EXPIRED));
                    return true;
                });
                if (marked) {
                    count("pendingExpired");
                    sample("expiredFileIds", row.id().toString());
                    owners.add(row.scope());
                }
            }
            expired.clear();
            owners.forEach(cache::invalidate);
        }

        private void flushOrphans() {
            if (orphans.isEmpty()) {
                return;
            }
            List<String> paths = orphans.stream().map(b -> BlobPaths.UPLOADS_CONTAINER + "/" + b.name()).toList();
            Set<String> withRow = database.readOnly(connection -> {
                Array array = connection.createArrayOf("text", paths.toArray());
                try (PreparedStatement select = connection.prepareStatement(
                        "select blob_path from files where blob_path = any(?)")) {
                    select.setArray(1, array);
                    Set<String> found = new HashSet<>();
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            found.add(rs.getString(1));
                        }
                    }
                    return found;
                }
            });
            for (BlobEntry blob : orphans) {
                String path = BlobPaths.UPLOADS_CONTAINER + "/" + blob.name();
                if (withRow.contains(path)) {
                    continue;
                }
                boolean recorded = database.inTransaction(connection -> {
                    Map<String, Object> payload = new LinkedHashMap<>();
                    payload.put("blobPath", path);
                    if (blob.etag() != null) {
                        payload.put("etag", blob.etag());
                    }
                    payload.put("size", blob.size());
                    payload.put("createdAt", blob.createdAt().toString());
                    payload.put("foundBy", "reconciliation");
                    return DeadLetterRows.insert(connection, null, ORPHAN_SOURCE, path, Json.write(payload),
                            "blob matches no file: found by reconciliation", 0,
                            List.of(path, blob.etag() == null ? path : path + "@" + blob.etag()), false);
                });
                if (recorded) {
                    count("orphansRecorded");
                    sample("orphanBlobPaths", path);
                    log.warn("blob {} matches no file: recorded as an orphan", path);
                } else {
                    count("orphansAlreadyRecorded");
                }
            }
            orphans.clear();
        }

        private Iterator<Row> rows(String filter) {
            String sql = "select id, tenant_id, owner_id, status, previous_status, blob_path, created_at, updated_at from files"
                    + " where (" + filter + ") and blob_path collate \"C\" > ? order by blob_path collate \"C\" limit ?";
            return new Iterator<>() {
                private Iterator<Row> page = Collections.emptyIterator();
                private String after = "";
                private boolean last;

                @Override
                public boolean hasNext() {
                    if (!page.hasNext() && !last) {
                        List<Row> rows = database.readOnly(connection -> {
                                    try (PreparedStatement select = connection.prepareStatement(sql)) {
                                select.setString(1, after);
                                select.setInt(2, batchSize);
                                List<Row> found = new ArrayList<>();
                                try (ResultSet rs = select.executeQuery()) {
                                    while (rs.next()) {
                                        String blobPath = rs.getString("blob_path");
                                        found.add(new Row(rs.getObject("id", UUID.class),
                                                new Scope(rs.getString("tenant_id"), rs.getString("owner_id")),
                                                rs.getString("status"), rs.getString("previous_status"), blobPath,
                                                blobName(blobPath), Sql.instant(rs, "created_at"),
                                                Sql.instant(rs, "updated_at")));
                                    }
                                }
                                return found;
                            }
                        });
                        last = rows.size() < batchSize;
                        if (!rows.isEmpty()) {
                            after = rows.get(rows.size() - 1).blobPath();
                        }
                        page = rows.iterator();
                    }
                    return page.hasNext();
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return page.next();
                }
            };
        }

        private void count(String name) {
            report.count(name, 1);
        }

        private void sample(String finding, String value) {
            report.sample(finding, value, SAMPLE_SIZE);
        }
    }

    private static <T> T next(Iterator<T> iterator) {
        return iterator.hasNext() ? iterator.next() : null;
    }

    /** The name inside its container; a path without a container prefix is used whole (it then matches nothing). */
    private static String blobName(String blobPath) {
        int slash = blobPath.indexOf('/');
        return slash < 1 ? blobPath : blobPath.substring(slash + 1);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
