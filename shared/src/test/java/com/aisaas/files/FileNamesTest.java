package com.aisaas.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FileNamesTest {

    static java.util.stream.Stream<Arguments> badNames() {
        return java.util.stream.Stream.of(
                Arguments.of("", "required"),
                Arguments.of("a/b.txt", "'/'"),
                Arguments.of("a\\b.txt", "'/'"),
                Arguments.of("..", "'..'"),
                Arguments.of("a..b.txt", "'..'"),
                Arguments.of("../etc/passwd", "'/'"),
                Arguments.of(".hidden", "begin or end"),
                Arguments.of("name.", "begin or end"),
                Arguments.of(" name.txt", "begin or end"),
                Arguments.of("name.txt ", "begin or end"),
                Arguments.of("\u00A0name.txt", "begin or end"),               // no-break space
                Arguments.of("name.txt\u3000", "begin or end"),               // ideographic space
                Arguments.of("a\u0000b.txt", "control"),                      // NUL
                Arguments.of("a\nb.txt", "control"),
                Arguments.of("a\u007Fb.txt", "control"),                      // DEL
                Arguments.of("a\u0085b.txt", "control"),                      // NEL (C1)
                Arguments.of("invoice\u202Etxt.exe", "control"),              // right-to-left override
                Arguments.of("a\u200Bb.txt", "control"),                      // zero-width space
                Arguments.of("\uFEFFname.txt", "control"),                    // byte order mark
                Arguments.of("a\u2028b.txt", "control"),                      // line separator
                Arguments.of("a\uE000b.txt", "control"),                      // private use
                Arguments.of("a\uFFFFb.txt", "control"),                      // noncharacter
                Arguments.of("a\uD800b.txt", "well-formed"),                  // lone surrogate
                Arguments.of("a\uFF0Fb.txt", "'/'"),                          // fullwidth solidus folds to '/'
                Arguments.of("a\uFF3Cb.txt", "'/'"),                          // fullwidth reverse solidus
                Arguments.of("a\u2024\u2024b.txt", "'..'"),                   // one-dot leaders fold to '..'
                Arguments.of("a\u2025b.txt", "'..'"),                         // two-dot leader folds to '..'
                Arguments.of("CON", "reserved"),
                Arguments.of("con.txt", "reserved"),
                Arguments.of("Nul.tar.gz", "reserved"),
                Arguments.of("COM1.log", "reserved"),
                Arguments.of("lpt9", "reserved"),
                Arguments.of("COM\u00B9.txt", "reserved"),                    // superscript one
                Arguments.of("\uFF23\uFF2F\uFF2E.txt", "reserved"),           // fullwidth CON
                Arguments.of("x".repeat(256), "255 bytes"),
                Arguments.of("\u00E9".repeat(128), "255 bytes"));             // 256 bytes in UTF-8
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badNames")
    void validate_badName_is400NamingTheFieldAndTheRule(String name, String rule) {
        assertThatThrownBy(() -> FileNames.validate("name", name))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.field()).isEqualTo("name");
                    assertThat(e.getMessage()).startsWith("name: ").contains(rule);
                    assertThat(e.extensions()).containsKey("invalidParams");
                });
    }

    @Test
    void validate_null_isRequired() {
        assertThatThrownBy(() -> FileNames.validate("X-File-Name", null))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("X-File-Name: a file name is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"report.pdf", "Résumé 2024 (final).docx", "数据.csv", "a", "CONSOLE.txt", "com10.txt",
            "my-file_v2.tar.gz", "emoji \uD83D\uDE00.png", "x.y"})
    void validate_goodName_isAccepted(String name) {
        assertThat(FileNames.validate("name", name)).isEqualTo(java.text.Normalizer.normalize(name,
                java.text.Normalizer.Form.NFC));
    }

    @Test
    void validate_decomposedName_isNormalisedToNfc() {
        String decomposed = "Re\u0301sume\u0301.pdf";

        assertThat(FileNames.validate("name", decomposed)).isEqualTo("R\u00E9sum\u00E9.pdf");
    }

    @Test
    void validate_exactly255Utf8Bytes_isAccepted() {
        String name = "x".repeat(251) + ".txt";

        assertThat(FileNames.validate("name", name)).hasSize(255);
    }

    @Test
    void invalidField_extensionsNameTheField() {
        InvalidFieldException e = new InvalidFieldException("size", "must be at least 1 byte");

        assertThat(e.extensions()).isEqualTo(Map.of("invalidParams",
                java.util.List.of(Map.of("name", "size", "reason", "must be at least 1 byte"))));
    }
}
