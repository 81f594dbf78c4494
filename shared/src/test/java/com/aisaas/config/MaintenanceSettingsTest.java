package com.aisaas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MaintenanceSettingsTest {

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("DB_URL", "jdbc:postgresql://localhost:5432/aisaas",
                "DB_USER", "postgres", "DB_MAINTENANCE_USER", "maint", "DB_MIGRATION_USER", "owner"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void from_noMaintenanceSettings_appliesTheDocumentedDefaults() {
        MaintenanceSettings settings = AppSettings.from(env("ALERT_WEBHOOK_URL", "")).maintenance();

        assertThat(settings).isEqualTo(MaintenanceSettings.defaults());
        assertThat(settings.alertWebhookUrl()).isEmpty();
        assertThat(settings.dbConnectionsAlert()).isEqualTo(180);
        assertThat(settings.dbLatencyAlert()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.replicaLagAlert()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.redisMemoryAlertPercent()).isEqualTo(90);
        assertThat(settings.processedEventsRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.healthChecksRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.deadLettersRetention()).isEqualTo(Duration.ofDays(90));
        assertThat(settings.retentionBatchSize()).isEqualTo(1000);
        assertThat(settings.orphanMinAge()).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void from_customValues_areRead() {
        MaintenanceSettings settings = AppSettings.from(env("ALERT_WEBHOOK_URL", "https://hooks.example.com/a/b",
                "HEALTH_DB_CONNECTIONS_ALERT", "150", "HEALTH_DB_LATENCY_ALERT_MS", "250",
                "HEALTH_REPLICA_LAG_ALERT_SECONDS", "10", "HEALTH_REDIS_MEMORY_ALERT_PERCENT", "75",
                "PROCESSED_EVENTS_RETENTION_DAYS", "7", "HEALTH_CHECKS_RETENTION_DAYS", "14",
                "DEAD_LETTERS_RETENTION_DAYS", "60", "RETENTION_BATCH_SIZE", "50",
                "RECONCILE_ORPHAN_MIN_AGE_MINUTES", "5")).maintenance();

        assertThat(settings.alertWebhookUrl()).contains(URI.create("https://hooks.example.com/a/b"));
        assertThat(settings.dbConnectionsAlert()).isEqualTo(150);
        assertThat(settings.dbLatencyAlert()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.replicaLagAlert()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.redisMemoryAlertPercent()).isEqualTo(75);
        assertThat(settings.processedEventsRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.healthChecksRetention()).isEqualTo(Duration.ofDays(14));
        assertThat(settings.deadLettersRetention()).isEqualTo(Duration.ofDays(60));
        assertThat(settings.retentionBatchSize()).isEqualTo(50);
        assertThat(settings.orphanMinAge()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void from_badValues_areEachNamedInOneMessage() {
        assertThatThrownBy(() -> AppSettings.from(env("ALERT_WEBHOOK_URL", "hooks.example.com/secret-token",
                "HEALTH_DB_CONNECTIONS_ALERT", "0", "HEALTH_REDIS_MEMORY_ALERT_PERCENT", "101",
                "RETENTION_BATCH_SIZE", "lots", "DEAD_LETTERS_RETENTION_DAYS", "-1")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("ALERT_WEBHOOK_URL")
                .hasMessageContaining("HEALTH_DB_CONNECTIONS_ALERT")
                .hasMessageContaining("HEALTH_REDIS_MEMORY_ALERT_PERCENT")
                .hasMessageContaining("RETENTION_BATCH_SIZE")
                .hasMessageContaining("DEAD_LETTERS_RETENTION_DAYS")
                .hasMessageNotContaining("secret-token");
    }

    @Test
    void from_plainHttpWebhook_isAcceptedLocallyOnly() {
        assertThat(AppSettings.from(env("ALERT_WEBHOOK_URL", "http://127.0.0.1:9999/alerts")).maintenance()
                .alertWebhookUrl()).isPresent();

        SettingsReader azure = new SettingsReader(Map.of("ALERT_WEBHOOK_URL", "http://hooks.example.com/alerts"));
        MaintenanceSettings.read(azure, true);
        assertThatThrownBy(azure::throwIfProblems)
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("ALERT_WEBHOOK_URL must be an absolute https URL");
    }

    @Test
    void toString_hidesTheWebhookPathAndQuery() {
        MaintenanceSettings settings = MaintenanceSettings.defaults()
                .withAlertWebhookUrl(Optional.of(URI.create("https://hooks.example.com/services/T0/B0/secret?sig=x")));

        assertThat(settings.toString()).contains("https://hooks.example.com/***").doesNotContain("secret", "sig=x");
    }
}
