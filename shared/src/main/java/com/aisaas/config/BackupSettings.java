package com.aisaas.config;

import java.time.Duration;
import java.util.Map;

/**
 * Backup export, verification and retention.
 *
 * @param rpo BACKUP_RPO_HOURS: the newest backup older than this fails verification (the recovery point objective
 *        of the app-level backup; PostgreSQL's own PITR covers minutes)
 * @param verifySampleSize BACKUP_VERIFY_SAMPLE_SIZE: how many stored blobs ({@code ready}, with a sha256)
 *        verification re-hashes from Storage against {@code files.sha256} (0: none)
 * @param retention BACKUP_RETENTION_DAYS: backups older than this may be deleted (never the newest verified one)
 */
public record BackupSettings(Duration rpo, int verifySampleSize, Duration retention) {

    public static final int DEFAULT_RPO_HOURS = 26;
    public static final int DEFAULT_VERIFY_SAMPLE_SIZE = 20;
    public static final int DEFAULT_RETENTION_DAYS = 35;

    public BackupSettings {
        if (rpo.isNegative() || rpo.isZero()) {
            throw new IllegalArgumentException("rpo must be positive");
        }
        if (verifySampleSize < 0) {
            throw new IllegalArgumentException("verifySampleSize must not be negative");
        }
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive");
        }
    }

    /** The defaults (as if no setting were given). */
    public static BackupSettings defaults() {
        return read(new SettingsReader(Map.of()));
    }

    static BackupSettings read(SettingsReader r) {
        int rpoHours = r.integer(Setting.BACKUP_RPO_HOURS, DEFAULT_RPO_HOURS, 1, 24 * 31);
        int sample = r.integer(Setting.BACKUP_VERIFY_SAMPLE_SIZE, DEFAULT_VERIFY_SAMPLE_SIZE, 0, 10_000);
        int retentionDays = r.integer(Setting.BACKUP_RETENTION_DAYS, DEFAULT_RETENTION_DAYS, 1, 3650);
        return new BackupSettings(Duration.ofHours(rpoHours), sample, Duration.ofDays(retentionDays));
    }
}
