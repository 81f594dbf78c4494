package com.aisaas.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {

    @Test
    void parse_closedRange_isClampedToTheFile() {
        assertThat(ByteRange.parse("bytes=0-9", 100)).contains(new ByteRange(0, 9, 100));
        assertThat(ByteRange.parse("bytes=90-200", 100)).contains(new ByteRange(90, 99, 100));
        assertThat(ByteRange.parse("bytes=5-", 100)).contains(new ByteRange(5, 99, 100));
        assertThat(ByteRange.parse("bytes=-10", 100)).contains(new ByteRange(90, 99, 100));
        assertThat(ByteRange.parse("bytes=-1000", 100)).contains(new ByteRange(0, 99, 100));
        assertThat(ByteRange.parse("BYTES = 1 - 2", 100)).contains(new ByteRange(1, 2, 100));
    }

    @Test
    void contentRange_andLength() {
        ByteRange range = ByteRange.parse("bytes=10-19", 100).orElseThrow();

        assertThat(range.contentRange()).isEqualTo("bytes 10-19/100");
        assertThat(range.length()).isEqualTo(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "items=0-1", "bytes=0-1,5-6", "bytes=5-1", "bytes=a-b", "bytes=-", "bytes 0-1"})
    void parse_ignoredHeaders_meanTheWholeFile(String header) {
        assertThat(ByteRange.parse(header, 100)).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=100-", "bytes=100-200", "bytes=-0"})
    void parse_unsatisfiable_is416WithContentRange(String header) {
        assertThatThrownBy(() -> ByteRange.parse(header, 100))
                .isInstanceOfSatisfying(RangeNotSatisfiableException.class, e -> {
                    assertThat(e.status()).isEqualTo(416);
                    assertThat(e.headers()).containsEntry("Content-Range", "bytes */100");
                    assertThat(e.type()).isEqualTo("urn:aisaas:problem:range-not-satisfiable");
                });
    }
}
