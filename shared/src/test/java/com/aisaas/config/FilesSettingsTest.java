package com.aisaas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilesSettingsTest {

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("DB_URL", "jdbc:postgresql://localhost:5432/aisaas",
                "DB_USER", "postgres", "DB_MAINTENANCE_USER", "maint", "DB_MIGRATION_USER", "owner"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void from_noFilesSettings_appliesTheDocumentedDefaults() {
        FilesSettings files = AppSettings.from(env()).files();

        assertThat(files).isEqualTo(FilesSettings.defaults());
        assertThat(files.allowedContentTypes()).contains("application/pdf", "image/png",
                "application/vnd.openxmlformats-officedocument.*");
    }

    @Test
    void theDefaultTypes_acceptMarkdown_butNoActiveContent() {
        com.aisaas.files.UploadPolicy policy = com.aisaas.files.UploadPolicy.from(FilesSettings.defaults());

        assertThat(policy.allows("text/markdown")).isTrue();
        assertThat(policy.allows("application/vnd.openxmlformats-officedocument.wordprocessingml.document")).isTrue();
        for (String active : new String[] {"text/html", "application/xhtml+xml", "application/rtf", "text/rtf",
                "application/msword", "application/vnd.ms-excel", "application/vnd.ms-word.document.macroenabled.12",
                "image/svg+xml"}) {
            assertThat(policy.allows(active)).as(active).isFalse();
        }
    }

    @Test
    void from_customValues_areRead() {
        FilesSettings files = AppSettings.from(env("UPLOAD_ALLOWED_CONTENT_TYPES", " image/* , Text/Plain ",
                "UPLOAD_MAX_BYTES", "10000000000", "DIRECT_UPLOAD_MAX_BYTES", "1024", "UPLOAD_SAS_MINUTES", "30",
                "DOWNLOAD_SAS_MINUTES", "1", "INLINE_DOWNLOAD_MAX_BYTES", "0", "FILES_RESTORE_WINDOW_DAYS", "30")).files();

        assertThat(files.allowedContentTypes()).containsExactly("image/*", "text/plain");
        assertThat(files.maxUploadBytes()).isEqualTo(10_000_000_000L);
        assertThat(files.directUploadMaxBytes()).isEqualTo(1024);
        assertThat(files.uploadSasTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(files.downloadSasTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(files.inlineDownloadMaxBytes()).isZero();
        assertThat(files.restoreWindow()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void from_badValues_areEachNamed() {
        assertThatThrownBy(() -> AppSettings.from(env("UPLOAD_ALLOWED_CONTENT_TYPES", "pdf,text/plain",
                "UPLOAD_MAX_BYTES", "5GB", "DIRECT_UPLOAD_MAX_BYTES", "209715200", "UPLOAD_SAS_MINUTES", "0",
                "FILES_RESTORE_WINDOW_DAYS", "-1")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("UPLOAD_ALLOWED_CONTENT_TYPES has an entry that is not a media type")
                .hasMessageContaining("UPLOAD_MAX_BYTES must be an integer")
                .hasMessageContaining("DIRECT_UPLOAD_MAX_BYTES must be an integer between 1 and 67108864")
                .hasMessageContaining("UPLOAD_SAS_MINUTES")
                .hasMessageContaining("FILES_RESTORE_WINDOW_DAYS");
        assertThatThrownBy(() -> AppSettings.from(env("UPLOAD_ALLOWED_CONTENT_TYPES", " , ")))
                .hasMessageContaining("must list at least one media type");
    }
}
