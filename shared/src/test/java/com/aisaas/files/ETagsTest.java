package com.aisaas.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ETagsTest {

    @Test
    void of_isAStrongQuotedVersion() {
        assertThat(ETags.of(7)).isEqualTo("\"7\"");
    }

    @Test
    void ifMatch_usesStrongComparison() {
        assertThat(ETags.ifMatch("\"7\"", "\"7\"")).isTrue();
        assertThat(ETags.ifMatch("\"6\"", "\"7\"")).isFalse();
        assertThat(ETags.ifMatch("W/\"7\"", "\"7\"")).isFalse();
        assertThat(ETags.ifMatch("*", "\"7\"")).isTrue();
        assertThat(ETags.ifMatch("\"5\", \"7\"", "\"7\"")).isTrue();
        assertThat(ETags.ifMatch("7", "\"7\"")).isFalse();
        assertThat(ETags.ifMatch("", "\"7\"")).isFalse();
    }

    @Test
    void ifNoneMatch_usesWeakComparison() {
        assertThat(ETags.ifNoneMatch("\"7\"", "\"7\"")).isTrue();
        assertThat(ETags.ifNoneMatch("W/\"7\"", "\"7\"")).isTrue();
        assertThat(ETags.ifNoneMatch("\"1\",W/\"7\"", "\"7\"")).isTrue();
        assertThat(ETags.ifNoneMatch("\"8\"", "\"7\"")).isFalse();
        assertThat(ETags.ifNoneMatch(null, "\"7\"")).isFalse();
        assertThat(ETags.ifNoneMatch("*", "\"7\"")).isTrue();
    }

    @Test
    void lists_splitOnlyOutsideQuotes() {
        assertThat(ETags.ifMatch("\"a,b\", \"7\"", "\"a,b\"")).isTrue();
        assertThat(ETags.ifMatch("\"a,b\"", "\"a\"")).isFalse();
    }
}
