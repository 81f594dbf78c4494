package com.aisaas.backup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes backups older than the retention period (complete or not), but never the newest verified backup (when
 * no backup was verified yet, the newest complete one), so that a stopped export schedule never leaves the app
 * without a backup. Recorded in {@code backup_runs} (kind {@code prune}). Idempotent.
 */
final class BackupRetention {

    private static final Logger log = LoggerFactory.getLogger(BackupRetention.class);

    private final BackupStorage storage;
    private final BackupRuns runs;
    private final Duration retention;
    private final Clock clock;

    BackupRetention(BackupStorage storage, BackupRuns runs, Duration retention, Clock clock) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    PruneResult prune() {
        Instant now = clock.instant();
        Instant cutoff = now.minus(retention);
        long row = runs.start(BackupRun.PRUNE, now, Optional.empty(), PgCopy.details("cutoff", cutoff.toString()));
        try {
            List<BackupRunId> all = storage.list();
            Optional<BackupRunId> keep = protectedBackup(all);
            List<BackupRunId> deleted = new ArrayList<>();
            List<BackupRunId> kept = new ArrayList<>();
            for (BackupRunId id : all) {
                if (id.startedAt().isBefore(cutoff) && !keep.equals(Optional.of(id))) {
                    storage.delete(id);
                    deleted.add(id);
                } else {
                    kept.add(id);
                }
            }
            runs.finish(row, true, clock.instant(), PgCopy.details(
                    "cutoff", cutoff.toString(),
                    "deleted", deleted.stream().map(BackupRunId::value).toList(),
                    "kept", kept.size(),
                    "protected", keep.map(BackupRunId::value).orElse(null)));
            if (!deleted.isEmpty()) {
                log.info("deleted {} backups older than {}: {}", deleted.size(), cutoff, deleted);
            }
            return new PruneResult(deleted, kept, keep);
        } catch (RuntimeException e) {
            try {
                runs.finish(row, false, clock.instant(), PgCopy.details("cutoff", cutoff.toString(),
                        "error", BackupExporter.reason(e)));
            } catch (RuntimeException recordFailure) {
                e.addSuppressed(recordFailure);
            }
            throw e;
        }
    }

    /** The newest verified complete backup; else the newest complete one; else none. */
    private Optional<BackupRunId> protectedBackup(List<BackupRunId> all) {
        Set<BackupRunId> verified = runs.verified();
        Optional<BackupRunId> newestComplete = Optional.empty();
        for (int i = all.size() - 1; i >= 0; i--) {
            BackupRunId id = all.get(i);
            if (!storage.hasManifest(id)) {
                continue;
            }
            if (verified.contains(id)) {
                return Optional.of(id);
            }
            if (newestComplete.isEmpty()) {
                newestComplete = Optional.of(id);
            }
        }
        return newestComplete;
    }
}
