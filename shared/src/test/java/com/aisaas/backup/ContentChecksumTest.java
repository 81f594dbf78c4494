package com.aisaas.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentChecksumTest {

    private static String of(String... rows) {
        ContentChecksum checksum = new ContentChecksum();
        for (String row : rows) {
            checksum.addRow(row.getBytes(StandardCharsets.UTF_8));
        }
        return checksum.value();
    }

    @Test
    void value_doesNotDependOnRowOrder() {
        assertThat(of("1\ta\n", "2\tb\n", "3\tc\n")).isEqualTo(of("3\tc\n", "1\ta\n", "2\tb\n"));
    }

    @Test
    void value_changesWithAnyRowContent_andCountsDuplicates() {
        String base = of("1\ta\n", "2\tb\n");

        assertThat(of("1\ta\n", "2\tc\n")).isNotEqualTo(base);
        assertThat(of("1\ta\n", "2\tb\n", "2\tb\n")).isNotEqualTo(base);
        assertThat(of("1\ta\n", "2\tb\n", "2\tb\n", "2\tb\n")).isNotEqualTo(of("1\ta\n", "2\tb\n", "2\tb\n"));
        assertThat(of("1\ta\n2\tb\n")).isNotEqualTo(base);                 // row boundaries count
    }

    @Test
    void emptyTable_isZero_andRowsAreCounted() {
        ContentChecksum checksum = new ContentChecksum();
        assertThat(checksum.value()).isEqualTo("0".repeat(32));
        checksum.addRow("x\n".getBytes(StandardCharsets.UTF_8));
        checksum.addRow(new byte[] {'a', 'y', '\n', 'b'}, 1, 2);
        assertThat(checksum.rows()).isEqualTo(2);
        assertThat(checksum.value()).isEqualTo(of("x\n", "y\n")).matches("[0-9a-f]{32}");
    }
}
