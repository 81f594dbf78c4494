package com.aisaas.search;

import com.aisaas.files.CursorKeys;
import com.aisaas.files.InvalidFieldException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The opaque {@code cursor} of {@code GET /api/v1/search}: the position (rank, id) of the last hit of a page, bound
 * to the query it came from (scope, words, filters), signed with the list cursors' keys ({@link CursorKeys}).
 *
 * <p>Layout before base64url: version byte (2, so a list cursor is never taken for one), rank as float bits (4), id
 * (16), the first 8 bytes of SHA-256 over the binding, the first 16 bytes of an HMAC-SHA256 over all of that.
 */
public record SearchCursor(float rank, UUID id) {

    static final String FIELD = "cursor";
    private static final byte VERSION = 2;
    private static final int LENGTH = 1 + 4 + 16 + 8 + 16;

    public SearchCursor {
        Objects.requireNonNull(id, "id");
    }

    public String encode(String binding, CursorKeys keys) {
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH);
        buffer.put(VERSION);
        buffer.putInt(Float.floatToIntBits(rank));
        buffer.putLong(id.getMostSignificantBits());
        buffer.putLong(id.getLeastSignificantBits());
        buffer.put(bindingHash(binding));
        buffer.put(tag(keys.current(), buffer.array(), LENGTH - 16));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    /** The position in {@code text}; 400 unless it came from {@link #encode} with this {@code binding}. */
    public static SearchCursor decode(String text, String binding, CursorKeys keys) {
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
        byte[] actual = Arrays.copyOfRange(bytes, LENGTH - 16, LENGTH);
        boolean signed = false;
        for (byte[] key : keys.accepted()) {
            signed |= MessageDigest.isEqual(tag(key, bytes, LENGTH - 16), actual);
        }
        if (!signed) {
            throw invalid();
        }
        if (!MessageDigest.isEqual(bindingHash(binding), Arrays.copyOfRange(bytes, 21, 29))) {
            throw new InvalidFieldException(FIELD, "the cursor belongs to a different search; repeat the q and"
                    + " filters of the request that returned it");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, 20);
        float rank = Float.intBitsToFloat(buffer.getInt());
        return new SearchCursor(rank, new UUID(buffer.getLong(), buffer.getLong()));
    }

    private static InvalidFieldException invalid() {
        return new InvalidFieldException(FIELD, "not a cursor returned by this API (use nextCursor as it is)");
    }

    private static byte[] bindingHash(String binding) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256")
                    .digest(Objects.requireNonNull(binding, "binding").getBytes(StandardCharsets.UTF_8)), 8);
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
