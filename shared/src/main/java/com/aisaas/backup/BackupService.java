package com.aisaas.backup;

import com.aisaas.config.BackupSettings;
import com.aisaas.db.Database;
import com.azure.storage.blob.BlobServiceClient;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * App-level backups of the metadata tables, for the backup timers and admin endpoints:
 * <ul>
 *   <li>{@link #export()}: a consistent snapshot of every app table to {@code backups/<runId>/}, manifest last;</li>
 *   <li>{@link #verifyLatest()} / {@link #verify(BackupRunId)}: age against the RPO, manifest and part checksums,
 *       a restore into a scratch schema compared row count and content checksum, a sample of blobs re-hashed;
 *       returns a {@link VerificationResult} to alert on;</li>
 *   <li>{@link #prune()}: deletes backups older than BACKUP_RETENTION_DAYS, never the newest verified one;</li>
 *   <li>{@link #recentRuns}: the {@code backup_runs} history.</li>
 * </ul>
 * Every run is recorded in {@code backup_runs}. None of them takes a lock: run each job on one instance at a time
 * (the timers' job lock). Restoring into a database is {@link BackupRestorer} (command line: {@code bin/backup}).
 */
public final class BackupService {

    private final BackupRuns runs;
    private final BackupStorage storage;
    private final BackupExporter exporter;
    private final BackupVerifier verifier;
    private final BackupRetention retention;

    public BackupService(Database database, BlobServiceClient blobService, BackupSettings settings, Clock clock) {
        this(database, blobService, new BackupStorage(blobService), settings, clock, BackupExporter.DEFAULT_PART_BYTES,
                BackupExporter.Listener.NONE);
    }

    BackupService(Database database, BlobServiceClient blobService, BackupStorage storage, BackupSettings settings,
                  Clock clock, long partBytes, BackupExporter.Listener listener) {
        Objects.requireNonNull(settings, "settings");
        this.runs = new BackupRuns(database);
        this.storage = Objects.requireNonNull(storage, "storage");
        this.exporter = new BackupExporter(database, storage, runs, clock, partBytes, listener);
        this.verifier = new BackupVerifier(database, storage, runs, new BlobSample(database, blobService), settings,
                clock);
        this.retention = new BackupRetention(storage, runs, settings.retention(), clock);
    }

    /**
     * Exports a new backup and records it (kind {@code export}).
     *
     * @throws com.aisaas.common.DependencyException when PostgreSQL or Storage fail (the run is recorded as failed
     *         and what it wrote is deleted)
     */
    public ExportResult export() {
        return exporter.export();
    }

    /** Verifies the newest complete backup; a result with {@code passed() == false} when none exists. */
    public VerificationResult verifyLatest() {
        return verifier.verify(Optional.empty());
    }

    /** Verifies one backup (an admin re-check); its age is still judged against the RPO. */
    public VerificationResult verify(BackupRunId runId) {
        return verifier.verify(Optional.of(Objects.requireNonNull(runId, "runId")));
    }

    /** Deletes backups beyond BACKUP_RETENTION_DAYS, never the newest verified one (kind {@code prune}). */
    public PruneResult prune() {
        return retention.prune();
    }

    /** The backups in Storage, oldest first (complete or not: see {@link #manifest}). */
    public List<BackupRunId> backups() {
        return storage.list();
    }

    /**
     * The parsed manifest of a backup.
     *
     * @throws com.aisaas.common.NotFoundException when the backup has no manifest (incomplete, or deleted)
     * @throws IllegalArgumentException when the manifest is malformed
     */
    public BackupManifest manifest(BackupRunId runId) {
        return BackupManifest.parse(storage.readManifest(runId));
    }

    /** The newest {@code limit} runs (1..1000), newest first; {@code kind} {@code export}, {@code verify}, {@code prune} or all. */
    public List<BackupRun> recentRuns(Optional<String> kind, int limit) {
        return runs.recent(kind, limit);
    }
}
