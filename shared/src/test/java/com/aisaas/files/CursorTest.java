package com.aisaas.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorTest {

    private static final String BINDING = "owner-a\n\n\n";
    private static final CursorKeys KEYS = CursorKeys.of("cursor-test-key-0123456789abcdef0123", Optional.empty());
    private final Cursor cursor = new Cursor(Instant.parse("2025-03-01T10:15:30.123456789Z"),
            UUID.fromString("0b6f3f3c-1f1e-4c55-9d2c-8f7f7c1d2e3a"));

    @Test
    void encodeDecode_roundTripsAtMicrosecondPrecision() {
        String text = cursor.encode(BINDING, KEYS);

        Cursor decoded = Cursor.decode(text, BINDING, KEYS);

        assertThat(decoded.id()).isEqualTo(cursor.id());
        assertThat(decoded.createdAt()).isEqualTo(Instant.parse("2025-03-01T10:15:30.123456Z"));
        assertThat(text).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void decode_everySingleBitFlipped_isRejected() {
        byte[] bytes = Base64.getUrlDecoder().decode(cursor.encode(BINDING, KEYS));
        for (int i = 0; i < bytes.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] copy = bytes.clone();
                copy[i] ^= (byte) (1 << bit);
                String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(copy);
                assertThatThrownBy(() -> Cursor.decode(tampered, BINDING, KEYS))
                        .as("byte %d bit %d", i, bit)
                        .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                            assertThat(e.status()).isEqualTo(400);
                            assertThat(e.field()).isEqualTo("cursor");
                        });
            }
        }
    }

    @Test
    void decode_fromAnotherOwnerOrFilter_isRejected() {
        String text = cursor.encode(BINDING, KEYS);

        assertThatThrownBy(() -> Cursor.decode(text, "owner-b\n\n\n", KEYS))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("different query");
        assertThatThrownBy(() -> Cursor.decode(text, "owner-a\nready\n\n", KEYS))
                .isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void rotation_cursorsOfThePreviousKeyStillDecode_andCursorsOfAnUnknownKeyDoNot() {
        CursorKeys rotated = CursorKeys.of("cursor-test-key-NEW-456789abcdef0123", Optional.of(
                "cursor-test-key-0123456789abcdef0123"));
        CursorKeys other = CursorKeys.of("cursor-test-key-OTHER-6789abcdef0123", Optional.empty());
        String old = cursor.encode(BINDING, KEYS);

        assertThat(Cursor.decode(old, BINDING, rotated).id()).isEqualTo(cursor.id());
        assertThat(Cursor.decode(cursor.encode(BINDING, rotated), BINDING, rotated).id()).isEqualTo(cursor.id());
        assertThatThrownBy(() -> Cursor.decode(old, BINDING, other)).isInstanceOf(InvalidFieldException.class);
        assertThatThrownBy(() -> CursorKeys.of("short", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "not base64!", "AAAA", "%00", "====",
            "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void decode_garbage_isRejectedAs400(String text) {
        assertThatThrownBy(() -> Cursor.decode(text, BINDING, KEYS)).isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void decode_truncated_isRejected() {
        String text = cursor.encode(BINDING, KEYS);

        assertThatThrownBy(() -> Cursor.decode(text.substring(0, text.length() - 2), BINDING, KEYS))
                .isInstanceOf(InvalidFieldException.class);
    }
}
