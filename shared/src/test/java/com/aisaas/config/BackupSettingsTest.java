package com.aisaas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupSettingsTest {

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("DB_URL", "jdbc:postgresql://127.0.0.1:5432/aisaas");
        env.put("DB_USER", "postgres");
        env.put("DB_MAINTENANCE_USER", "maint");
        env.put("DB_MIGRATION_USER", "owner");
        return env;
    }

    @Test
    void defaults_matchTheSampleSettings() {
        BackupSettings backups = AppSettings.from(env()).backups();

        assertThat(backups.rpo()).isEqualTo(Duration.ofHours(26));
        assertThat(backups.verifySampleSize()).isEqualTo(20);
        assertThat(backups.retention()).isEqualTo(Duration.ofDays(35));
        assertThat(BackupSettings.defaults()).isEqualTo(backups);
    }

    @Test
    void values_areRead() {
        Map<String, String> env = env();
        env.put("BACKUP_RPO_HOURS", "2");
        env.put("BACKUP_VERIFY_SAMPLE_SIZE", "0");
        env.put("BACKUP_RETENTION_DAYS", "90");

        assertThat(AppSettings.from(env).backups()).isEqualTo(new BackupSettings(Duration.ofHours(2), 0,
                Duration.ofDays(90)));
    }

    @Test
    void badValues_areAllNamedInOneMessage() {
        Map<String, String> env = env();
        env.put("BACKUP_RPO_HOURS", "0");
        env.put("BACKUP_VERIFY_SAMPLE_SIZE", "-1");
        env.put("BACKUP_RETENTION_DAYS", "many");

        assertThatThrownBy(() -> AppSettings.from(env)).isInstanceOf(SettingsException.class)
                .hasMessageContaining("BACKUP_RPO_HOURS must be an integer between 1 and 744")
                .hasMessageContaining("BACKUP_VERIFY_SAMPLE_SIZE must be an integer between 0 and 10000")
                .hasMessageContaining("BACKUP_RETENTION_DAYS must be an integer between 1 and 3650");
    }
}
