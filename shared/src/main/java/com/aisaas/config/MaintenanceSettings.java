package com.aisaas.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The health sweep's alert lines and the retention and reconciliation limits. Every threshold alerts
 * when the measured value is <em>above</em> it (as the seed architecture's "connections &gt; 180" alert does).
 *
 * @param alertWebhookUrl ALERT_WEBHOOK_URL: optional endpoint that receives each alert as a JSON POST (it may
 *        carry a token: never logged, hidden by {@link #toString()})
 * @param dbConnectionsAlert HEALTH_DB_CONNECTIONS_ALERT: client connections (pg_stat_activity) above this alert
 * @param dbLatencyAlert HEALTH_DB_LATENCY_ALERT_MS: a PostgreSQL round trip slower than this alerts
 * @param replicaLagAlert HEALTH_REPLICA_LAG_ALERT_SECONDS: replay lag of the read replica (DB_READ_URL) above this alerts
 * @param redisMemoryAlertPercent HEALTH_REDIS_MEMORY_ALERT_PERCENT: used_memory above this share of maxmemory
 *        alerts (only when Redis has a maxmemory)
 * @param processedEventsRetention PROCESSED_EVENTS_RETENTION_DAYS: completed/failed events older than this are purged
 * @param healthChecksRetention HEALTH_CHECKS_RETENTION_DAYS: health sweep rows older than this are purged
 * @param deadLettersRetention DEAD_LETTERS_RETENTION_DAYS: dead letters older than this are purged
 * @param retentionBatchSize RETENTION_BATCH_SIZE: rows per purge batch, and rows/blobs per reconciliation page
 * @param orphanMinAge RECONCILE_ORPHAN_MIN_AGE_MINUTES: a blob without a row is an orphan only when older than
 *        this; a row must also be unchanged for this long before reconciliation marks its blob missing
 */
public record MaintenanceSettings(
        Optional<URI> alertWebhookUrl,
        int dbConnectionsAlert,
        Duration dbLatencyAlert,
        Duration replicaLagAlert,
        int redisMemoryAlertPercent,
        Duration processedEventsRetention,
        Duration healthChecksRetention,
        Duration deadLettersRetention,
        int retentionBatchSize,
        Duration orphanMinAge,
        Duration quarantineRetention,
        UploadSweep uploadSweep) {

    /**
     * The upload sweeper: UPLOAD_SWEEP_MIN_AGE_SECONDS (how long a {@code pending} file with a blob, or a
     * {@code processing} file whose claim lapsed, is left to the event path before the sweeper re-drives it),
     * UPLOAD_SWEEP_BATCH_SIZE (files re-driven per run), UPLOAD_BACKLOG_ALERT_COUNT and UPLOAD_BACKLOG_ALERT_MINUTES
     * (an alert when more unfinished uploads than this wait, or the oldest has waited longer), UPLOAD_GIVE_UP_HOURS
     * (an upload still unfinished this long after it was created is failed and dead-lettered).
     */
    public record UploadSweep(Duration minAge, int batchSize, int backlogAlertCount, Duration backlogAlertAge,
                              Duration giveUpAfter) {
        public UploadSweep {
            Objects.requireNonNull(minAge, "minAge");
            Objects.requireNonNull(backlogAlertAge, "backlogAlertAge");
            Objects.requireNonNull(giveUpAfter, "giveUpAfter");
        }
    }

    public MaintenanceSettings {
        Objects.requireNonNull(alertWebhookUrl, "alertWebhookUrl");
        Objects.requireNonNull(dbLatencyAlert, "dbLatencyAlert");
        Objects.requireNonNull(replicaLagAlert, "replicaLagAlert");
        Objects.requireNonNull(processedEventsRetention, "processedEventsRetention");
        Objects.requireNonNull(healthChecksRetention, "healthChecksRetention");
        Objects.requireNonNull(deadLettersRetention, "deadLettersRetention");
        Objects.requireNonNull(orphanMinAge, "orphanMinAge");
        Objects.requireNonNull(uploadSweep, "uploadSweep");
        Objects.requireNonNull(quarantineRetention, "quarantineRetention");
        if (retentionBatchSize < 1) {
            throw new IllegalArgumentException("retentionBatchSize must be at least 1: " + retentionBatchSize);
        }
    }

    /** The defaults (as if no setting were given). */
    public static MaintenanceSettings defaults() {
        return read(new SettingsReader(Map.of()), false);
    }

    static MaintenanceSettings read(SettingsReader r, boolean azure) {
        Optional<URI> webhook = azure
                ? r.uri(Setting.ALERT_WEBHOOK_URL, "https")
                : r.uri(Setting.ALERT_WEBHOOK_URL, "https", "http");
        int connections = r.integer(Setting.HEALTH_DB_CONNECTIONS_ALERT, 180, 1, 100_000);
        int latencyMs = r.integer(Setting.HEALTH_DB_LATENCY_ALERT_MS, 500, 1, 60_000);
        int lagSeconds = r.integer(Setting.HEALTH_REPLICA_LAG_ALERT_SECONDS, 30, 1, 86_400);
        int memoryPercent = r.integer(Setting.HEALTH_REDIS_MEMORY_ALERT_PERCENT, 90, 1, 100);
        int eventsDays = r.integer(Setting.PROCESSED_EVENTS_RETENTION_DAYS, 30, 1, 3650);
        int checksDays = r.integer(Setting.HEALTH_CHECKS_RETENTION_DAYS, 30, 1, 3650);
        int deadLetterDays = r.integer(Setting.DEAD_LETTERS_RETENTION_DAYS, 90, 1, 3650);
        int batch = r.integer(Setting.RETENTION_BATCH_SIZE, 1000, 1, 100_000);
        int orphanMinutes = r.integer(Setting.RECONCILE_ORPHAN_MIN_AGE_MINUTES, 60, 1, 7 * 24 * 60);
        UploadSweep sweep = new UploadSweep(
                Duration.ofSeconds(r.integer(Setting.UPLOAD_SWEEP_MIN_AGE_SECONDS, 60, 0, 3600)),
                r.integer(Setting.UPLOAD_SWEEP_BATCH_SIZE, 200, 1, 10_000),
                r.integer(Setting.UPLOAD_BACKLOG_ALERT_COUNT, 100, 1, 1_000_000),
                Duration.ofMinutes(r.integer(Setting.UPLOAD_BACKLOG_ALERT_MINUTES, 15, 1, 7 * 24 * 60)),
                Duration.ofHours(r.integer(Setting.UPLOAD_GIVE_UP_HOURS, 24, 1, 24 * 30)));
        return new MaintenanceSettings(webhook, connections, Duration.ofMillis(latencyMs),
                Duration.ofSeconds(lagSeconds), memoryPercent, Duration.ofDays(eventsDays), Duration.ofDays(checksDays),
                Duration.ofDays(deadLetterDays), batch, Duration.ofMinutes(orphanMinutes),
                Duration.ofDays(r.integer(Setting.QUARANTINE_RETENTION_DAYS, 30, 1, 3650)), sweep);
    }

    /** A copy with another webhook (tests and tools). */
    public MaintenanceSettings withAlertWebhookUrl(Optional<URI> url) {
        return new MaintenanceSettings(url, dbConnectionsAlert, dbLatencyAlert, replicaLagAlert,
                redisMemoryAlertPercent, processedEventsRetention, healthChecksRetention, deadLettersRetention,
                retentionBatchSize, orphanMinAge, quarantineRetention, uploadSweep);
    }

    /** A copy with other upload sweep settings (tests). */
    public MaintenanceSettings withUploadSweep(UploadSweep sweep) {
        return new MaintenanceSettings(alertWebhookUrl, dbConnectionsAlert, dbLatencyAlert, replicaLagAlert,
                redisMemoryAlertPercent, processedEventsRetention, healthChecksRetention, deadLettersRetention,
                retentionBatchSize, orphanMinAge, quarantineRetention, sweep);
    }

    @Override
    public String toString() {
        return "MaintenanceSettings[alertWebhookUrl=" + alertWebhookUrl.map(u -> u.getScheme() + "://" + u.getHost()
                + "/***").orElse("none") + ", dbConnectionsAlert=" + dbConnectionsAlert + ", dbLatencyAlert="
                + dbLatencyAlert + ", replicaLagAlert=" + replicaLagAlert + ", redisMemoryAlertPercent="
                + redisMemoryAlertPercent + ", processedEventsRetention=" + processedEventsRetention
                + ", healthChecksRetention=" + healthChecksRetention + ", deadLettersRetention=" + deadLettersRetention
                + ", retentionBatchSize=" + retentionBatchSize + ", orphanMinAge=" + orphanMinAge + "]";
    }
}
