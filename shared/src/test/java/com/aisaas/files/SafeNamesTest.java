package com.aisaas.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SafeNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "report.pdf|report.pdf",
            "Résumé 2024 (final).docx|Resume_2024_final_.docx",
            "数据.csv|csv",
            "../../etc/passwd|etc_passwd",
            "a..b.txt|a.b.txt",
            "....|file",
            "   |file",
            "a/b\\c.txt|a_b_c.txt",
            "x\u202Etxt.exe|x_txt.exe",
            "ﬁle.txt|file.txt"})
    void fileName_keepsOnlySafeCharacters(String input, String expected) {
        assertThat(SafeNames.fileName(input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../..", "/", "\\", "\u0000", "CON", "%2e%2e", "\uFF0E\uFF0E"})
    void fileName_neverProducesATraversalOrAnEmptySegment(String input) {
        String safe = SafeNames.fileName(input);

        assertThat(safe).isNotEmpty().doesNotContain("/", "\\", "..").matches("[A-Za-z0-9._-]+");
        assertThat(safe).doesNotStartWith(".").doesNotEndWith(".");
    }

    @Test
    void fileName_longName_isCutKeepingTheExtension() {
        String safe = SafeNames.fileName("a".repeat(300) + ".pdf");

        assertThat(safe).hasSize(SafeNames.MAX_NAME_CHARS).endsWith(".pdf");
    }

    @Test
    void idSegment_safeId_isUnchanged() {
        assertThat(SafeNames.idSegment("00000000-aaaa-bbbb-cccc-000000000001")).isEqualTo("00000000-aaaa-bbbb-cccc-000000000001");
    }

    @Test
    void idSegment_unsafeIds_areCleanedAndNeverCollide() {
        String a = SafeNames.idSegment("user/one");
        String b = SafeNames.idSegment("user_one");
        String c = SafeNames.idSegment("user one");

        assertThat(a).startsWith("user_one-").matches("[A-Za-z0-9._-]+");
        assertThat(b).isEqualTo("user_one");
        assertThat(c).isNotEqualTo(a).isNotEqualTo(b);
        assertThat(SafeNames.idSegment("..")).startsWith("x-");
        assertThat(SafeNames.idSegment("z".repeat(200))).hasSizeLessThanOrEqualTo(SafeNames.MAX_ID_CHARS + 13);
    }

    @Test
    void blobPaths_combineSafeSegments() {
        FileId id = FileId.parse("0b6f3f3c-1f1e-4c55-9d2c-8f7f7c1d2e3a");

        String path = BlobPaths.of("tenant-1", "auth0|user", id, "My Report.pdf");

        assertThat(path).startsWith("uploaded-files/tenant-1/auth0_user-").endsWith("/" + id + "/My_Report.pdf");
        assertThat(BlobPaths.blobName(path)).doesNotStartWith("uploaded-files/").endsWith("My_Report.pdf");
    }
}
