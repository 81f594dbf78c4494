package com.aisaas.devhost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSettingsTest {
    @TempDir
    Path dir;

    @Test
    void load_readsValuesAsStrings() throws IOException {
        Path file = write("""
                {"IsEncrypted": false,
                 "Values": {"A": "text", "PORT": 5, "FLAG": true, "EMPTY": "", "NOTHING": null},
                 "ConnectionStrings": {}}
                """);

        LocalSettings settings = LocalSettings.load(file);

        assertThat(settings.values()).containsExactly(Map.entry("A", "text"), Map.entry("PORT", "5"),
                Map.entry("FLAG", "true"), Map.entry("EMPTY", ""), Map.entry("NOTHING", ""));
        assertThat(settings.source()).isEqualTo(file);
    }

    @Test
    void load_withoutValues_isEmpty() throws IOException {
        assertThat(LocalSettings.load(write("{\"IsEncrypted\": false}")).values()).isEmpty();
    }

    @Test
    void load_encryptedFile_isRejectedWithHowToFix() throws IOException {
        Path file = write("{\"IsEncrypted\": true, \"Values\": {\"A\": \"x\"}}");

        assertThatThrownBy(() -> LocalSettings.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("encrypted").hasMessageContaining("func settings decrypt");
    }

    @Test
    void load_nestedValue_isRejectedNamingTheSetting() throws IOException {
        Path file = write("{\"Values\": {\"BAD\": {\"x\": 1}}}");

        assertThatThrownBy(() -> LocalSettings.load(file)).hasMessageContaining("Values.BAD");
    }

    @Test
    void load_brokenJson_namesTheFile() throws IOException {
        Path file = write("{\"Values\": ");

        assertThatThrownBy(() -> LocalSettings.load(file)).hasMessageContaining(file.toString());
    }

    @Test
    void defaultFile_prefersLocalSettings_elseSample() throws IOException {
        Files.writeString(dir.resolve(LocalSettings.SAMPLE_FILE), "{}");
        assertThat(LocalSettings.defaultFile(dir)).isEqualTo(dir.resolve(LocalSettings.SAMPLE_FILE));

        Files.writeString(dir.resolve(LocalSettings.FILE), "{}");
        assertThat(LocalSettings.defaultFile(dir)).isEqualTo(dir.resolve(LocalSettings.FILE));
    }

    @Test
    void mergeOver_realEnvironmentWins_andIsReportedAsShadowing() {
        LocalSettings settings = new LocalSettings(dir, Map.of("LOG_LEVEL", "INFO", "DB_URL", "", "APP", "x"));
        Map<String, String> processEnv = Map.of("LOG_LEVEL", "DEBUG", "PATH", "/bin", "APP", "x");

        LocalSettings.Merged merged = settings.mergeOver(processEnv);

        assertThat(merged.environment()).containsEntry("LOG_LEVEL", "DEBUG").containsEntry("PATH", "/bin")
                .containsEntry("DB_URL", "").containsEntry("APP", "x");
        assertThat(merged.shadowed()).containsExactly("LOG_LEVEL");
    }

    @Test
    void mergeOver_emptyEnvironmentVariable_doesNotHideTheValue() {
        LocalSettings settings = new LocalSettings(dir, Map.of("REDIS_URL", "redis://example:6379"));

        LocalSettings.Merged merged = settings.mergeOver(Map.of("REDIS_URL", ""));

        assertThat(merged.environment()).containsEntry("REDIS_URL", "redis://example:6379");
        assertThat(merged.shadowed()).isEmpty();
    }

    @Test
    void sampleSettingsOfTheRepository_parse() {
        Path sample = Path.of("..", LocalSettings.SAMPLE_FILE);
        assertThat(sample).as("the sample next to the module (tests run from the devhost folder)").isRegularFile();

        assertThat(LocalSettings.load(sample).values()).containsKeys("DB_URL", "REDIS_URL", "UploadsStorage");
    }

    private Path write(String json) throws IOException {
        Path file = dir.resolve("local.settings.json");
        Files.writeString(file, json);
        return file;
    }
}
