package com.aisaas.files;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * The opaque {@code cursor} of {@code GET /api/v1/files}: the position (created_at, id) of the last item of a
 * page, bound to the query it came from (owner and filters), with an integrity tag.
 *
 * <p>Layout ({@link SignedCursors}): version byte 1, then created_at in epoch microseconds (8) and id (16), then the
 * binding hash and the tag. {@link #decode} answers any cursor that was not made by {@link #encode} for the same
 * binding — truncated, edited, from another filter set or another caller — with 400. The HMAC key is a secret
 * ({@link CursorKeys}): listing is always scoped to the caller's own files, so a forged position could only skip
 * within them, but a cursor is an opaque token of this service and nobody else should be able to mint one.
 */
public record Cursor(Instant createdAt, UUID id) {

    private static final byte VERSION = 1;
    private static final int POSITION_LENGTH = 8 + 16;

    public Cursor {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
    }

    /** The cursor text for this position, bound to {@code binding} (scope and filters of the query). */
    public String encode(String binding, CursorKeys keys) {
        ByteBuffer position = ByteBuffer.allocate(POSITION_LENGTH);
        position.putLong(ChronoUnit.MICROS.between(Instant.EPOCH, createdAt));
        position.putLong(id.getMostSignificantBits());
        position.putLong(id.getLeastSignificantBits());
        return SignedCursors.seal(VERSION, position.array(), binding, keys);
    }

    /** The position in {@code text}; {@link InvalidFieldException} (400) unless it came from {@link #encode} with {@code binding}. */
    public static Cursor decode(String text, String binding, CursorKeys keys) {
        ByteBuffer position = SignedCursors.open(text, VERSION, POSITION_LENGTH, binding, keys,
                "the cursor belongs to a different query; repeat the filters of the request that returned it");
        long micros = position.getLong();
        UUID id = new UUID(position.getLong(), position.getLong());
        return new Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
    }
}
