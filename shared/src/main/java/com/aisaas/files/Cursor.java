package com.aisaas.files;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The opaque {@code cursor} of {@code GET /api/v1/files}: the position (created_at, id) of the last item of a
 * page, bound to the query it came from (owner and filters), with an integrity tag.
 *
 * <p>Layout before base64url (no padding): version byte, created_at in epoch microseconds (8), id (16), the
 * first 8 bytes of SHA-256 over the query binding, and the first 16 bytes of an HMAC-SHA256 over all of that.
 * {@link #decode} answers any cursor that was not made by {@link #encode} for the same binding — truncated,
 * edited, from another filter set or another caller — with 400. The HMAC key is a secret ({@link CursorKeys}):
 * listing is always scoped to the caller's own files, so a forged position could only skip within them, but a
 * cursor is an opaque token of this service and nobody else should be able to mint one.
 */
public record Cursor(Instant createdAt, UUID id) {

    static final String FIELD = "cursor";
    private static final byte VERSION = 1;
    private static final int LENGTH = 1 + 8 + 16 + 8 + 16;

    public Cursor {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
    }

    /** The cursor text for this position, bound to {@code binding} (scope and filters of the query). */
    public String encode(String binding, CursorKeys keys) {
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH);
        buffer.put(VERSION);
        buffer.putLong(ChronoUnit.MICROS.between(Instant.EPOCH, createdAt));
        buffer.putLong(id.getMostSignificantBits());
        buffer.putLong(id.getLeastSignificantBits());
        buffer.put(bindingHash(binding));
        buffer.put(tag(keys.current(), buffer.array(), LENGTH - 16));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    /** The position in {@code text}; {@link InvalidFieldException} (400) unless it came from {@link #encode} with {@code binding}. */
    public static Cursor decode(String text, String binding, CursorKeys keys) {
        if (text == null || text.isEmpty() || text.length() > 128) {
            throw invalid();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (bytes.length != LENGTH || bytes[0] != VERSION) {
            throw invalid();
        }
        byte[] actualTag = Arrays.copyOfRange(bytes, LENGTH - 16, LENGTH);
        boolean signed = false;
        for (byte[] key : keys.accepted()) {
            signed |= MessageDigest.isEqual(tag(key, bytes, LENGTH - 16), actualTag);
        }
        if (!signed) {
            throw invalid();
        }
        if (!MessageDigest.isEqual(bindingHash(binding), Arrays.copyOfRange(bytes, 25, 33))) {
            throw new InvalidFieldException(FIELD, "the cursor belongs to a different query; "
                    + "repeat the filters of the request that returned it");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, 24);
        long micros = buffer.getLong();
        UUID id = new UUID(buffer.getLong(), buffer.getLong());
        return new Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
    }

    private static InvalidFieldException invalid() {
        return new InvalidFieldException(FIELD, "not a cursor returned by this API (use nextCursor as it is)");
    }

    private static byte[] bindingHash(String binding) {
        return Arrays.copyOf(sha256(Objects.requireNonNull(binding, "binding")), 8);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] tag(byte[] key, byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(data, 0, length);
            return Arrays.copyOf(mac.doFinal(), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
