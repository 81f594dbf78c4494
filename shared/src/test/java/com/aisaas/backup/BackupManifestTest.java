package com.aisaas.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupManifestTest {

    private static final String SHA = "ab".repeat(32);
    private static final String CHECKSUM = "0123456789abcdef0123456789abcdef";

    static BackupManifest manifest(List<BackupManifest.Table> tables) {
        return new BackupManifest(1, "20261121T020000123Z-3f9a1c", "postgresql-copy-text", "gzip", "crc32c-crc32-row-sum",
                "2", "17.6", Instant.parse("2026-11-21T02:00:00.123Z"), Instant.parse("2026-11-21T02:00:09Z"), tables);
    }

    static BackupManifest.Table files(long rows, long... partRows) {
        List<BackupManifest.Part> parts = new java.util.ArrayList<>();
        for (int i = 0; i < partRows.length; i++) {
            parts.add(new BackupManifest.Part(BackupManifest.partName("files", i + 1), partRows[i], 1000, 300, SHA));
        }
        return new BackupManifest.Table("files", List.of("id", "name"), rows, CHECKSUM, parts);
    }

    @Test
    void toJson_thenParse_returnsTheSameManifest() {
        BackupManifest manifest = manifest(List.of(files(7, 4, 3)));

        BackupManifest parsed = BackupManifest.parse(manifest.toJson());

        assertThat(parsed).isEqualTo(manifest);
        assertThat(parsed.totalRows()).isEqualTo(7);
        assertThat(parsed.totalBytes()).isEqualTo(600);
        assertThat(new String(manifest.toJson(), StandardCharsets.UTF_8)).contains("\"files.0002.copy.gz\"")
                .contains("\"startedAt\" : \"2026-11-21T02:00:00.123Z\"");
    }

    @Test
    void parse_ignoresUnknownFields_forwardCompatibleAdditions() {
        String json = new String(manifest(List.of(files(1, 1))).toJson(), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"addedLater\": {\"x\": 1},");

        assertThat(BackupManifest.parse(json.getBytes(StandardCharsets.UTF_8)).tables()).hasSize(1);
    }

    @Test
    void parse_whenPartRowsDoNotAddUp_namesTheTable() {
        byte[] json = manifest(List.of(files(8, 4, 3))).toJson();

        assertThatThrownBy(() -> BackupManifest.parse(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("manifest table files says 8 rows but its parts add up to 7");
    }

    @Test
    void parse_refusesPartNamesThatCouldLeaveTheBackupFolder() {
        BackupManifest.Table evil = new BackupManifest.Table("files", List.of("id"), 1, CHECKSUM,
                List.of(new BackupManifest.Part("../other/files.0001.copy.gz", 1, 1, 1, SHA)));

        assertThatThrownBy(() -> BackupManifest.parse(manifest(List.of(evil)).toJson()))
                .hasMessage("manifest table files part 1 should be named files.0001.copy.gz");
    }

    @Test
    void parse_refusesMalformedIdentifiersAndHashes() {
        BackupManifest.Table badColumn = new BackupManifest.Table("files", List.of("id\"; drop table x; --"), 1, CHECKSUM,
                List.of(new BackupManifest.Part("files.0001.copy.gz", 1, 1, 1, SHA)));
        BackupManifest.Table badSha = new BackupManifest.Table("files", List.of("id"), 1, CHECKSUM,
                List.of(new BackupManifest.Part("files.0001.copy.gz", 1, 1, 1, "XYZ")));

        assertThatThrownBy(() -> BackupManifest.parse(manifest(List.of(badColumn)).toJson()))
                .hasMessage("manifest table files has missing or malformed columns");
        assertThatThrownBy(() -> BackupManifest.parse(manifest(List.of(badSha)).toJson()))
                .hasMessage("manifest part files.0001.copy.gz has a malformed sha256");
    }

    @Test
    void parse_refusesOtherFormatVersionsAndBrokenJson() {
        String json = new String(manifest(List.of(files(1, 1))).toJson(), StandardCharsets.UTF_8)
                .replace("\"formatVersion\" : 1", "\"formatVersion\" : 2");

        assertThatThrownBy(() -> BackupManifest.parse(json.getBytes(StandardCharsets.UTF_8)))
                .hasMessage("manifest format version 2 is not supported (expected 1)");
        assertThatThrownBy(() -> BackupManifest.parse("{\"tables\": [".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("manifest is not valid JSON");
        assertThatThrownBy(() -> BackupManifest.parse("null".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("manifest is empty");
    }

    @Test
    void parse_refusesATableListedTwice() {
        assertThatThrownBy(() -> BackupManifest.parse(manifest(List.of(files(1, 1), files(1, 1))).toJson()))
                .hasMessage("manifest lists table files twice");
    }
}
