package com.aisaas.backup;

import java.util.List;
import java.util.Optional;

/**
 * What a retention prune did: the backups it deleted (older than BACKUP_RETENTION_DAYS), the ones it kept, and
 * the one it protected whatever its age (the newest verified backup, or the newest complete one when none was
 * verified yet).
 */
public record PruneResult(List<BackupRunId> deleted, List<BackupRunId> kept, Optional<BackupRunId> protectedBackup) {
    public PruneResult {
        deleted = List.copyOf(deleted);
        kept = List.copyOf(kept);
    }
}
