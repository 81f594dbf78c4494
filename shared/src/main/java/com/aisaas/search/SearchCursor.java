package com.aisaas.search;

import com.aisaas.files.CursorKeys;
import com.aisaas.files.SignedCursors;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.UUID;

/**
 * The opaque {@code cursor} of {@code GET /api/v1/search}: the position (rank, id) of the last hit of a page, bound
 * to the query it came from (scope, words, filters), signed with the list cursors' keys ({@link CursorKeys}).
 *
 * <p>Layout ({@link SignedCursors}): version byte 2 (so a list cursor is never taken for one), then rank as float
 * bits (4) and id (16), then the binding hash and the tag.
 */
public record SearchCursor(float rank, UUID id) {

    private static final byte VERSION = 2;
    private static final int POSITION_LENGTH = 4 + 16;

    public SearchCursor {
        Objects.requireNonNull(id, "id");
    }

    public String encode(String binding, CursorKeys keys) {
        ByteBuffer position = ByteBuffer.allocate(POSITION_LENGTH);
        position.putInt(Float.floatToIntBits(rank));
        position.putLong(id.getMostSignificantBits());
        position.putLong(id.getLeastSignificantBits());
        return SignedCursors.seal(VERSION, position.array(), binding, keys);
    }

    /** The position in {@code text}; 400 unless it came from {@link #encode} with this {@code binding}. */
    public static SearchCursor decode(String text, String binding, CursorKeys keys) {
        ByteBuffer position = SignedCursors.open(text, VERSION, POSITION_LENGTH, binding, keys,
                "the cursor belongs to a different search; repeat the q and filters of the request that returned it");
        float rank = Float.intBitsToFloat(position.getInt());
        return new SearchCursor(rank, new UUID(position.getLong(), position.getLong()));
    }
}
