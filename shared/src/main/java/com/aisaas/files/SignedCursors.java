package com.aisaas.files;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signed, query-bound envelope of the API's opaque cursors ({@link Cursor}, the search cursor): before base64url
 * (no padding), a version byte, the position bytes, the first 8 bytes of SHA-256 over the query binding, and the
 * first 16 bytes of an HMAC-SHA256 over all of that with the current cursor key ({@link CursorKeys}). {@link #open}
 * answers anything not made by {@link #seal} with the same version and binding under an accepted key with 400.
 */
public final class SignedCursors {

    private static final String FIELD = "cursor";
    private static final int BINDING_LENGTH = 8;
    private static final int TAG_LENGTH = 16;

    private SignedCursors() {
    }

    /** The cursor text for {@code position} of a cursor of {@code version}, bound to {@code binding}. */
    public static String seal(byte version, byte[] position, String binding, CursorKeys keys) {
        int length = 1 + position.length + BINDING_LENGTH + TAG_LENGTH;
        ByteBuffer buffer = ByteBuffer.allocate(length);
        buffer.put(version);
        buffer.put(position);
        buffer.put(bindingHash(binding));
        buffer.put(tag(keys.current(), buffer.array(), length - TAG_LENGTH));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    /**
     * The {@code positionLength} position bytes in {@code text}; {@link InvalidFieldException} (400) unless it came
     * from {@link #seal} with this {@code version} and {@code binding}, with {@code otherQuery} as the detail when only
     * the binding differs.
     */
    public static ByteBuffer open(String text, byte version, int positionLength, String binding, CursorKeys keys,
                                  String otherQuery) {
        int length = 1 + positionLength + BINDING_LENGTH + TAG_LENGTH;
        if (text == null || text.isEmpty() || text.length() > 128) {
            throw invalid();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (bytes.length != length || bytes[0] != version) {
            throw invalid();
        }
        byte[] actualTag = Arrays.copyOfRange(bytes, length - TAG_LENGTH, length);
        boolean signed = false;
        for (byte[] key : keys.accepted()) {
            signed |= MessageDigest.isEqual(tag(key, bytes, length - TAG_LENGTH), actualTag);
        }
        if (!signed) {
            throw invalid();
        }
        int bindingAt = 1 + positionLength;
        if (!MessageDigest.isEqual(bindingHash(binding),
                Arrays.copyOfRange(bytes, bindingAt, bindingAt + BINDING_LENGTH))) {
            throw new InvalidFieldException(FIELD, otherQuery);
        }
        return ByteBuffer.wrap(bytes, 1, positionLength);
    }

    private static InvalidFieldException invalid() {
        return new InvalidFieldException(FIELD, "not a cursor returned by this API (use nextCursor as it is)");
    }

    private static byte[] bindingHash(String binding) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256")
                    .digest(Objects.requireNonNull(binding, "binding").getBytes(StandardCharsets.UTF_8)),
                    BINDING_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] tag(byte[] key, byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(data, 0, length);
            return Arrays.copyOf(mac.doFinal(), TAG_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
