package com.aisaas.processing;

import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The sink a blob is streamed into once: SHA-256 and size of everything written, and a copy of the first
 * {@code headLimit} bytes for type detection. Holds at most {@code headLimit} bytes, whatever the blob's size.
 */
final class ContentProbe extends OutputStream {

    static final int DEFAULT_HEAD_BYTES = 64 * 1024;

    private final MessageDigest sha256;
    private final byte[] head;
    private int headLength;
    private long size;

    ContentProbe(int headLimit) {
        if (headLimit < 1) {
            throw new IllegalArgumentException("headLimit must be positive");
        }
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        this.head = new byte[headLimit];
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        sha256.update(bytes, offset, length);
        size += length;
        int room = head.length - headLength;
        if (room > 0) {
            int copied = Math.min(room, length);
            System.arraycopy(bytes, offset, head, headLength, copied);
            headLength += copied;
        }
    }

    long size() {
        return size;
    }

    /** The first bytes (up to the head limit). */
    byte[] head() {
        return Arrays.copyOf(head, headLength);
    }

    /** The hex SHA-256 of everything written; call once, at the end. */
    String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
