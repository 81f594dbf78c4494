package com.aisaas.backup;

import java.time.Duration;
import java.util.Objects;

/**
 * A finished export: the backup's id, where its manifest is ({@code backups/<runId>/manifest.json}), the manifest
 * itself and its SHA-256 (also recorded in {@code backup_runs}), and how long it took.
 */
public record ExportResult(BackupRunId runId, long backupRunRow, String manifestPath, BackupManifest manifest,
                           String manifestSha256, Duration elapsed) {
    public ExportResult {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(manifest, "manifest");
    }
}
