package com.aisaas.maintenance;

import com.aisaas.cache.MetadataCache;
import com.aisaas.config.MaintenanceSettings;
import com.aisaas.db.Database;
import com.aisaas.common.Scope;
import com.aisaas.files.BlobPaths;
import com.aisaas.maintenance.MaintenanceBlobs.BlobEntry;
import com.aisaas.maintenance.ReconciliationRepository.FileRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
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
 *   <li><b>Rows whose blob is missing</b> ({@code missingBlobs}): {@code ready} rows without a blob where
 *       {@code blob_container} says it lives ({@code files}, or {@code uploaded-files} for files that became ready
 *       before blobs moved), {@code rejected} rows without one in {@code quarantine}, and soft-deleted rows
 *       without one where they wait for a restore ({@code deleted-files} when deleted while ready, {@code quarantine}
 *       when deleted while rejected). A {@code ready}/{@code rejected} row becomes {@code failed} with reason
 *       {@code blob missing}; a soft-deleted row stays deleted and would be restored as {@code failed}. Audit action
 *       {@code file.blob_missing}. Only rows unchanged for RECONCILE_ORPHAN_MIN_AGE_MINUTES are touched (a move in
 *       flight is not a loss).</li>
 *   <li><b>Orphans</b> ({@code orphansRecorded}): blobs in {@code uploaded-files} older than
 *       RECONCILE_ORPHAN_MIN_AGE_MINUTES that no row names, recorded as dead letters with source
 *       {@code upload-orphan} (as the upload processor records them), once per blob
 *       ({@code orphansAlreadyRecorded} counts the ones known before); the same for blobs in {@code files} that no
 *       row names. Blobs are not deleted: an admin decides.</li>
 *   <li><b>Stray blobs</b> ({@code strayUploadsRemoved}, {@code strayCopiesRemoved}), as old as orphans: a blob in
 *       {@code uploaded-files} whose file's blob lives in {@code files} (written through a still-valid upload URL
 *       after the file was ready, when processing did not already remove it), and a blob in {@code files} whose
 *       file is {@code rejected} or {@code failed} (a copy made for a verdict that was not stored as ready) are
 *       deleted: neither is any file's content.</li>
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
    static final String ORPHAN_SOURCE = com.aisaas.processing.UploadProcessor.ORPHAN_SOURCE;
    static final String BLOB_MISSING = "blob missing";
    static final String SESSION_EXPIRED = "upload session expired";
    /** How many file ids or blob paths a report lists per finding. */
    static final int SAMPLE_SIZE = 20;

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);

    private final ReconciliationRepository repository;
    private final MaintenanceBlobs blobs;
    private final MetadataCache cache;
    private final MaintenanceSettings settings;
    private final Duration uploadSessionTtl;
    private final Clock clock;
    private final MaintenanceRuns runs;

    /**
     * @param database         the maintenance role's database (the walk crosses tenants)
     * @param uploadSessionTtl UPLOAD_SAS_MINUTES (FilesSettings.uploadSasTtl)
     */
    public Reconciliation(Database database, MaintenanceBlobs blobs, MetadataCache cache, MaintenanceSettings settings,
                          Duration uploadSessionTtl, Clock clock) {
        this(new JdbcReconciliationRepository(database), new MaintenanceRuns(database, clock), blobs, cache, settings,
                uploadSessionTtl, clock);
    }

    Reconciliation(ReconciliationRepository repository, MaintenanceRuns runs, MaintenanceBlobs blobs,
                   MetadataCache cache, MaintenanceSettings settings, Duration uploadSessionTtl, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.uploadSessionTtl = Objects.requireNonNull(uploadSessionTtl, "uploadSessionTtl");
        this.clock = Objects.requireNonNull(clock, "clock");
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
            walk.container(BlobPaths.UPLOADS_CONTAINER);
            walk.container(BlobPaths.FILES_CONTAINER);
            walk.container(BlobPaths.QUARANTINE_CONTAINER);
            walk.container(BlobPaths.DELETED_CONTAINER);
        });
    }

    /** One run's state: counts, samples, and the candidates waiting for confirmation. */
    private final class Walk {
        final MaintenanceRuns.Report report;
        final Instant settledBefore;
        final Instant pendingBefore;
        final int batchSize = settings.retentionBatchSize();
        final List<FileRow> missing = new ArrayList<>();
        final List<FileRow> expired = new ArrayList<>();
        final List<BlobEntry> orphans = new ArrayList<>();
        String container;

        Walk(MaintenanceRuns.Report report) {
            this.report = report;
            this.settledBefore = report.startedAt().minus(settings.orphanMinAge());
            this.pendingBefore = report.startedAt().minus(uploadSessionTtl).minus(PENDING_GRACE);
            for (String name : List.of("rowsChecked", "blobsListed", "missingBlobs", "orphansRecorded",
                    "orphansAlreadyRecorded", "pendingExpired", "pendingWithBlob", "strayUploadsRemoved",
                    "strayCopiesRemoved")) {
                report.count(name, 0);
            }
            report.detail("settledBefore", settledBefore.toString());
            report.detail("pendingCreatedBefore", pendingBefore.toString());
            report.detail("pendingWithBlobPolicy", "reported, not re-driven");
        }

        void container(String name) {
            this.container = name;
            boolean uploads = BlobPaths.UPLOADS_CONTAINER.equals(name);
            boolean processed = BlobPaths.FILES_CONTAINER.equals(name);
            Iterator<FileRow> rows = rows(name);
            Iterator<BlobEntry> listing = blobs.list(name, batchSize);
            FileRow row = next(rows);
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
                    if ((uploads || processed) && blob.createdAt().isBefore(settledBefore)) {
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

        private void both(FileRow row) {
            if ("pending".equals(row.status()) && row.createdAt().isBefore(pendingBefore)) {
                count("pendingWithBlob");
                sample("pendingWithBlobFileIds", row.id().toString());
                log.warn("file {} is still pending although its blob was uploaded: its storage event was not"
                        + " processed", row.id());
            }
        }

        private void rowOnly(FileRow row, boolean uploads) {
            if (uploads && "pending".equals(row.status())) {
                if (row.createdAt().isBefore(pendingBefore)) {
                    expired.add(row);
                    if (expired.size() >= batchSize) {
                        flushExpired();
                    }
                }
                return;
            }
            boolean expectsBlob = uploads ? "ready".equals(row.status()) : true; // the other pages hold only those
            if (expectsBlob && row.updatedAt().isBefore(settledBefore)) {
                missing.add(row);
                if (missing.size() >= batchSize) {
                    flushMissing();
                }
            }
        }

        private void flushMissing() {
            Set<Scope> owners = new LinkedHashSet<>();
            for (FileRow row : missing) {
                if (blobs.exists(container, row.name())) {
                    continue;
                }
                boolean marked = repository.markBlobMissing(row, container, BLOB_MISSING, now(), settledBefore);
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
            for (FileRow row : expired) {
                if (blobs.exists(BlobPaths.UPLOADS_CONTAINER, row.name())) {
                    continue; // uploaded meanwhile: the upload processor's business
                }
                boolean marked = repository.expireUpload(row, SESSION_EXPIRED, now(), pendingBefore);
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
            // a file's blob_path is its name in uploaded-files, whichever container its blob lives in
            List<String> paths = orphans.stream().map(b -> BlobPaths.UPLOADS_CONTAINER + "/" + b.name()).toList();
            Map<String, ReconciliationRepository.FileAt> withRow = repository.filesOfBlobPaths(paths);
            for (BlobEntry blob : orphans) {
                ReconciliationRepository.FileAt file = withRow.get(BlobPaths.UPLOADS_CONTAINER + "/" + blob.name());
                if (file != null) {
                    removeStray(blob, file.container(), file.status());
                    continue;
                }
                String path = container + "/" + blob.name();
                boolean recorded = repository.recordOrphan(ORPHAN_SOURCE, path, blob,
                        "blob matches no file: found by reconciliation");
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

        /**
         * A blob with a file whose blob does not live here. In {@code uploaded-files}, for a file whose blob moved to
         * {@code files}: a write through the upload URL after the file was ready, or an upload whose removal after the
         * move was cut short; removed (the file's verdict and blob are elsewhere). In {@code files}, for a file that is
         * {@code rejected} or {@code failed}: a copy made for a verdict that was not stored as ready (a duplicate, or
         * an attempt that lost its claim); removed. Anything else (a move in flight, a file being processed) is left.
         */
        private void removeStray(BlobEntry blob, String fileContainer, String status) {
            boolean strayUpload = BlobPaths.UPLOADS_CONTAINER.equals(container)
                    && BlobPaths.FILES_CONTAINER.equals(fileContainer);
            boolean strayCopy = BlobPaths.FILES_CONTAINER.equals(container)
                    && ("rejected".equals(status) || "failed".equals(status));
            if (!strayUpload && !strayCopy) {
                return;
            }
            if (blobs.deleteIfExists(container, blob.name())) {
                String finding = strayUpload ? "strayUploadsRemoved" : "strayCopiesRemoved";
                count(finding);
                sample(finding.replace("Removed", "BlobPaths"), container + "/" + blob.name());
                log.info("blob {}/{} is not its file's blob (the file is {}, its blob in {}): removed", container,
                        blob.name(), status, fileContainer);
            }
        }

        private Iterator<FileRow> rows(String container) {
            return new Iterator<>() {
                private Iterator<FileRow> page = Collections.emptyIterator();
                private String after = "";
                private boolean last;

                @Override
                public boolean hasNext() {
                    if (!page.hasNext() && !last) {
                        List<FileRow> rows = repository.page(container, after, batchSize);
                        last = rows.size() < batchSize;
                        if (!rows.isEmpty()) {
                            after = rows.get(rows.size() - 1).blobPath();
                        }
                        page = rows.iterator();
                    }
                    return page.hasNext();
                }

                @Override
                public FileRow next() {
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

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
