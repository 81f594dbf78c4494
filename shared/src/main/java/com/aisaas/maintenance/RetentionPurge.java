package com.aisaas.maintenance;

import com.aisaas.cache.MetadataCache;
import com.aisaas.common.DependencyException;
import com.aisaas.common.Scope;
import com.aisaas.config.MaintenanceSettings;
import com.aisaas.db.AuditRows;
import com.aisaas.db.Database;
import com.aisaas.db.SqlTime;
import com.aisaas.files.BlobPaths;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily retention purge, in batches of RETENTION_BATCH_SIZE until nothing is left or the time budget is spent
 * (the next run continues):
 * <ul>
 *   <li>{@code files}: soft-deleted files whose restore window (FILES_RESTORE_WINDOW_DAYS) has passed. For each, the
 *       blob in {@code deleted-files} is deleted first (and, for a file deleted while rejected, its blob in
 *       {@code quarantine}), then the row, with an {@code audit_log} entry {@code file.purged}. A blob already gone
 *       is fine. A blob that cannot be deleted keeps its row for the next run ({@code filesSkipped}).</li>
 *   <li>{@code processedEvents}: completed or failed {@code processed_events} older than PROCESSED_EVENTS_RETENTION_DAYS
 *       (events still processing are kept).</li>
 *   <li>{@code healthChecks}: {@code health_checks} older than HEALTH_CHECKS_RETENTION_DAYS.</li>
 *   <li>{@code deadLetters}: {@code dead_letters} older than DEAD_LETTERS_RETENTION_DAYS.</li>
 *   <li>{@code alerts}, {@code maintenanceRuns}: alerts cleared, and maintenance reports finished, longer ago than
 *       HEALTH_CHECKS_RETENTION_DAYS (the health history they belong with). Open alerts and running runs stay.</li>
 * </ul>
 * Every delete re-checks its condition and skips rows locked by others ({@code for update skip locked}), so a purge
 * is safe to run twice, and next to API traffic. Each run is reported in {@code maintenance_runs} (kind
 * {@value #KIND}).
 */
public final class RetentionPurge {

    /** The {@link JobLock} name of the purge. */
    public static final String JOB = "retention-purge";
    /** The {@code maintenance_runs.kind} of its reports. */
    public static final String KIND = "retention";
    /** How long one run may work before it stops between batches (well inside the Functions timeout). */
    public static final Duration DEFAULT_BUDGET = Duration.ofMinutes(8);
    static final String ACTOR = "system:retention";

    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

    private final Database database;
    private final MaintenanceBlobs blobs;
    private final MetadataCache cache;
    private final MaintenanceSettings settings;
    private final Duration restoreWindow;
    private final Duration budget;
    private final Clock clock;
    private final MaintenanceRuns runs;

    public RetentionPurge(Database database, MaintenanceBlobs blobs, MetadataCache cache, MaintenanceSettings settings,
                          Duration restoreWindow, Duration budget, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.restoreWindow = Objects.requireNonNull(restoreWindow, "restoreWindow");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.runs = new MaintenanceRuns(database, clock);
    }

    /**
     * Purges and reports. Counts: {@code files}, {@code fileBlobsDeleted}, {@code filesSkipped},
     * {@code processedEvents}, {@code healthChecks}, {@code deadLetters}, {@code alerts}, {@code maintenanceRuns}; details: {@code complete} (false when the
     * budget ran out) and the cut-off times.
     *
     * @throws DependencyException when PostgreSQL fails (the run is reported failed when it still can be)
     */
    public MaintenanceRun run() {
        return runs.run(KIND, report -> {
            Instant startedAt = report.startedAt();
            Instant deadline = startedAt.plus(budget);
            Instant filesCutoff = startedAt.minus(restoreWindow);
            Instant eventsCutoff = startedAt.minus(settings.processedEventsRetention());
            Instant checksCutoff = startedAt.minus(settings.healthChecksRetention());
            Instant deadLettersCutoff = startedAt.minus(settings.deadLettersRetention());
            Instant quarantineCutoff = startedAt.minus(settings.quarantineRetention());
            report.detail("filesDeletedBefore", filesCutoff.toString());
            report.detail("processedEventsBefore", eventsCutoff.toString());
            report.detail("healthChecksBefore", checksCutoff.toString());
            report.detail("deadLettersBefore", deadLettersCutoff.toString());
            report.detail("quarantineBefore", quarantineCutoff.toString());
            boolean complete = purgeFiles(filesCutoff, deadline, report)
                    && purgeQuarantine(quarantineCutoff, deadline, report)
                    && purgeRows("outboxDelivered", "delete from outbox where id in (select id from outbox"
                            + " where delivered_at < ? order by delivered_at limit ? for update skip locked)",
                            eventsCutoff, deadline, report)
                    && purgeRows("processedEvents", "delete from processed_events where event_id in (select event_id"
                            + " from processed_events where status in ('completed', 'failed') and created_at < ?"
                            + " order by created_at limit ? for update skip locked)", eventsCutoff, deadline, report)
                    && purgeRows("healthChecks", "delete from health_checks where id in (select id from health_checks"
                            + " where checked_at < ? order by checked_at limit ? for update skip locked)",
                            checksCutoff, deadline, report)
                    && purgeRows("deadLetters", "delete from dead_letters where id in (select id from dead_letters"
                            + " where created_at < ? order by created_at limit ? for update skip locked)",
                            deadLettersCutoff, deadline, report)
                    && purgeRows("alerts", "delete from alerts where id in (select id from alerts"
                            + " where cleared_at < ? order by cleared_at limit ? for update skip locked)",
                            checksCutoff, deadline, report)
                    && purgeRows("maintenanceRuns", "delete from maintenance_runs where id in (select id from"
                            + " maintenance_runs where finished_at < ? order by finished_at limit ?"
                            + " for update skip locked)", checksCutoff, deadline, report);
            for (String kind : List.of("files", "fileBlobsDeleted", "filesSkipped", "quarantinedBlobsPurged",
                    "outboxDelivered", "processedEvents",
                    "healthChecks", "deadLetters", "alerts", "maintenanceRuns")) {
                report.count(kind, 0);
            }
            report.detail("complete", complete);
            if (!complete) {
                log.info("retention purge stopped at its time budget; the next run continues");
            }
        });
    }

    /** One candidate file of a purge batch. */
    private record Candidate(UUID id, String ownerId, String blobPath, String previousStatus, Instant deletedAt) {
    }

    private boolean purgeFiles(Instant cutoff, Instant deadline, MaintenanceRuns.Report report) {
        int batchSize = settings.retentionBatchSize();
        Instant afterDeletedAt = Instant.EPOCH;
        UUID afterId = new UUID(0, 0);
        while (true) {
            if (!now().isBefore(deadline)) {
                return false;
            }
            Instant keyTime = afterDeletedAt;
            UUID keyId = afterId;
            List<Candidate> batch = database.inTransaction(connection -> {
                try (PreparedStatement statement = connection.prepareStatement("select id, owner_id, blob_path,"
                        + " previous_status, deleted_at from files where status = 'deleted' and deleted_at < ?"
                        + " and (deleted_at, id) > (?, ?) order by deleted_at, id limit ?")) {
                    statement.setObject(1, SqlTime.timestamp(cutoff));
                    statement.setObject(2, SqlTime.timestamp(keyTime));
                    statement.setObject(3, keyId);
                    statement.setInt(4, batchSize);
                    List<Candidate> rows = new ArrayList<>();
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new Candidate(rs.getObject("id", UUID.class), rs.getString("owner_id"),
                                    rs.getString("blob_path"), rs.getString("previous_status"),
                                    SqlTime.instant(rs, "deleted_at")));
                        }
                    }
                    return rows;
                }
            });
            if (batch.isEmpty()) {
                return true;
            }
            List<Candidate> blobsGone = new ArrayList<>();
            for (Candidate candidate : batch) {
                try {
                    String name = BlobPaths.blobName(candidate.blobPath());
                    long deleted = 0;
                    if (blobs.deleteIfExists(BlobPaths.DELETED_CONTAINER, name)) {
                        deleted++;
                    }
                    if ("rejected".equals(candidate.previousStatus())
                            && blobs.deleteIfExists(BlobPaths.QUARANTINE_CONTAINER, name)) {
                        deleted++;
                    }
                    report.count("fileBlobsDeleted", deleted);
                    blobsGone.add(candidate);
                } catch (DependencyException | IllegalArgumentException e) {
                    report.count("filesSkipped", 1);
                    log.warn("file {}: its blob could not be purged ({}); the row stays for the next run",
                            candidate.id(), e.getMessage());
                }
            }
            report.count("files", deleteRows(blobsGone, cutoff));
            Candidate last = batch.get(batch.size() - 1);
            afterDeletedAt = last.deletedAt();
            afterId = last.id();
            if (batch.size() < batchSize) {
                return true;
            }
        }
    }

    private long deleteRows(List<Candidate> candidates, Instant cutoff) {
        if (candidates.isEmpty()) {
            return 0;
        }
        Set<Scope> owners = new LinkedHashSet<>();
        long deleted = database.inTransaction(connection -> {
            Array ids = connection.createArrayOf("uuid", candidates.stream().map(Candidate::id).toArray());
            long count = 0;
            try (PreparedStatement statement = connection.prepareStatement("delete from files where id = any(?)"
                    + " and status = 'deleted' and deleted_at < ? returning id, tenant_id, owner_id, blob_path, deleted_at")) {
                statement.setArray(1, ids);
                statement.setObject(2, SqlTime.timestamp(cutoff));
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        count++;
                        Scope scope = new Scope(rs.getString("tenant_id"), rs.getString("owner_id"));
                        owners.add(scope);
                        Map<String, Object> audit = new LinkedHashMap<>();
                        audit.put("blobPath", rs.getString("blob_path"));
                        audit.put("deletedAt", SqlTime.instant(rs, "deleted_at").toString());
                        audit.put("reason", "restore window of " + restoreWindow.toDays() + " days passed");
                        AuditRows.insert(connection, scope, ACTOR, "file.purged", rs.getObject("id", UUID.class), null,
                                audit);
                    }
                }
            }
            return count;
        });
        owners.forEach(cache::invalidate);
        return deleted;
    }

    /**
     * Deletes the quarantined blobs of files rejected longer than QUARANTINE_RETENTION_DAYS ago and notes it in the
     * row ({@code metadata.quarantinePurgedAt}); the row stays, with its verdict. A blob that cannot be deleted is
     * left for the next run.
     */
    private boolean purgeQuarantine(Instant cutoff, Instant deadline, MaintenanceRuns.Report report) {
        int batchSize = settings.retentionBatchSize();
        report.count("quarantinedBlobsPurged", 0);
        java.util.Set<UUID> failed = new java.util.HashSet<>();
        while (true) {
            if (!now().isBefore(deadline)) {
                return false;
            }
            Map<UUID, String> batch = database.readOnly(connection -> {
                try (PreparedStatement statement = connection.prepareStatement("select id, blob_path from files"
                        + " where status = 'rejected' and processed_at < ? and metadata ->> 'quarantinePurgedAt' is null"
                        + " and not (id = any(?)) order by processed_at, id limit ?")) {
                    statement.setObject(1, SqlTime.timestamp(cutoff));
                    statement.setArray(2, connection.createArrayOf("uuid", failed.toArray()));
                    statement.setInt(3, batchSize);
                    Map<UUID, String> rows = new LinkedHashMap<>();
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            rows.put(rs.getObject(1, UUID.class), rs.getString(2));
                        }
                    }
                    return rows;
                }
            });
            if (batch.isEmpty()) {
                return true;
            }
            for (Map.Entry<UUID, String> file : batch.entrySet()) {
                try {
                    blobs.deleteIfExists(BlobPaths.QUARANTINE_CONTAINER, BlobPaths.blobName(file.getValue()));
                } catch (RuntimeException e) {
                    failed.add(file.getKey());
                    log.warn("quarantined blob of file {} not purged: {}", file.getKey(), e.getMessage());
                    continue;
                }
                database.query(connection -> {
                    try (PreparedStatement statement = connection.prepareStatement("update files set metadata ="
                            + " metadata || jsonb_build_object('quarantinePurgedAt', ?::text)"
                            + " where id = ? and status = 'rejected'")) {
                        statement.setString(1, now().toString());
                        statement.setObject(2, file.getKey());
                        return statement.executeUpdate();
                    }
                });
                report.count("quarantinedBlobsPurged", 1);
            }
        }
    }

    private boolean purgeRows(String kind, String sql, Instant cutoff, Instant deadline, MaintenanceRuns.Report report) {
        int batchSize = settings.retentionBatchSize();
        report.count(kind, 0);
        while (true) {
            if (!now().isBefore(deadline)) {
                return false;
            }
            int deleted = database.query(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setObject(1, SqlTime.timestamp(cutoff));
                    statement.setInt(2, batchSize);
                    return statement.executeUpdate();
                }
            });
            report.count(kind, deleted);
            if (deleted < batchSize) {
                return true;
            }
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
