package com.aisaas.processing;

import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The sink a blob is streamed into once: SHA-256 and size of everything written, a copy of the first
 * {@code headLimit} bytes for type detection, and — for a type whose text is extracted — a copy of the first
 * {@code captureLimit} bytes for the extractor, so extraction needs no second download. Holds at most
 * {@code headLimit + captureLimit} bytes, whatever the blob's size; the capture grows with what arrives.
 */
final class ContentProbe extends OutputStream {

    static final int DEFAULT_HEAD_BYTES = 64 * 1024;

    private final MessageDigest sha256;
    private final byte[] head;
    private int headLength;
    private long size;
    private final int captureLimit;
    private byte[] capture;
    private int captureLength;

    ContentProbe(int headLimit) {
        this(headLimit, 0);
    }

    /** @param captureLimit how many bytes to keep for text extraction (0: none) */
    ContentProbe(int headLimit, int captureLimit) {
        if (headLimit < 1) {
            throw new IllegalArgumentException("headLimit must be positive");
        }
        if (captureLimit < 0) {
            throw new IllegalArgumentException("captureLimit must not be negative");
        }
        this.captureLimit = captureLimit;
        this.capture = new byte[Math.min(captureLimit, 64 * 1024)];
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
        int captureRoom = captureLimit - captureLength;
        if (captureRoom > 0) {
            int copied = Math.min(captureRoom, length);
            if (captureLength + copied > capture.length) {
                capture = Arrays.copyOf(capture, (int) Math.min(captureLimit,
                        Math.max((long) capture.length * 2, captureLength + copied)));
            }
            System.arraycopy(bytes, offset, capture, captureLength, copied);
            captureLength += copied;
        }
    }

    /** The bytes kept for extraction (the first {@code captureLimit}); null when none were to be kept. */
    byte[] captured() {
        return captureLimit == 0 ? null
                : captureLength == capture.length ? capture : Arrays.copyOf(capture, captureLength);
    }

    /** Whether {@link #captured} is the whole blob. */
    boolean capturedAll() {
        return size <= captureLimit;
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
