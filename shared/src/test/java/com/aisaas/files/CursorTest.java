package com.aisaas.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorTest {

    private static final String BINDING = "owner-a\n\n\n";
    private final Cursor cursor = new Cursor(Instant.parse("2025-03-01T10:15:30.123456789Z"),
            UUID.fromString("0b6f3f3c-1f1e-4c55-9d2c-8f7f7c1d2e3a"));

    @Test
    void encodeDecode_roundTripsAtMicrosecondPrecision() {
        String text = cursor.encode(BINDING);

        Cursor decoded = Cursor.decode(text, BINDING);

        assertThat(decoded.id()).isEqualTo(cursor.id());
        assertThat(decoded.createdAt()).isEqualTo(Instant.parse("2025-03-01T10:15:30.123456Z"));
        assertThat(text).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void decode_everySingleBitFlipped_isRejected() {
        byte[] bytes = Base64.getUrlDecoder().decode(cursor.encode(BINDING));
        for (int i = 0; i < bytes.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] copy = bytes.clone();
                copy[i] ^= (byte) (1 << bit);
                String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(copy);
                assertThatThrownBy(() -> Cursor.decode(tampered, BINDING))
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
        String text = cursor.encode(BINDING);

        assertThatThrownBy(() -> Cursor.decode(text, "owner-b\n\n\n"))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("different query");
        assertThatThrownBy(() -> Cursor.decode(text, "owner-a\nready\n\n"))
                .isInstanceOf(InvalidFieldException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "not base64!", "AAAA", "%00", "====",
            "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void decode_garbage_isRejectedAs400(String text) {
        assertThatThrownBy(() -> Cursor.decode(text, BINDING)).isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void decode_truncated_isRejected() {
        String text = cursor.encode(BINDING);

        assertThatThrownBy(() -> Cursor.decode(text.substring(0, text.length() - 2), BINDING))
                .isInstanceOf(InvalidFieldException.class);
    }
}
