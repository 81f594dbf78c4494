package com.aisaas.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.common.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "line\nbreak", "tab\tkey", "nul\u0000", "del\u007f", "c1\u0085"})
    void validateKey_emptyOrWithControlCharacters_isA400(String key) {
        assertThatThrownBy(() -> RedisIdempotencyStore.validateKey(key)).isInstanceOf(ValidationException.class);
    }

    @Test
    void validateKey_upTo255Characters_isAccepted_256IsNot() {
        RedisIdempotencyStore.validateKey("k".repeat(255));

        assertThatThrownBy(() -> RedisIdempotencyStore.validateKey("k".repeat(256)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("255");
        assertThatThrownBy(() -> RedisIdempotencyStore.validateKey(null)).isInstanceOf(ValidationException.class);
    }

    @Test
    void redisKey_isIdemScopeKey_andScopesThatDifferOnlyInColonsNeverShareAKey() {
        assertThat(RedisIdempotencyStore.redisKey("alice:POST /v1/files", "k-1"))
                .isEqualTo("idem:alice%3APOST /v1/files:k-1");
        assertThat(RedisIdempotencyStore.redisKey("a:b", "c"))
                .isNotEqualTo(RedisIdempotencyStore.redisKey("a", "b:c"));
    }

    @Test
    void storedResponse_copiesHeaders_andRejectsANonHttpStatus() {
        java.util.Map<String, String> headers = new java.util.HashMap<>(java.util.Map.of("Location", "/x"));
        StoredResponse response = new StoredResponse(201, headers, "{}");
        headers.clear();

        assertThat(response.headers()).containsEntry("Location", "/x");
        assertThat(new StoredResponse(204, null, null).headers()).isEmpty();
        assertThatThrownBy(() -> new StoredResponse(42, null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
