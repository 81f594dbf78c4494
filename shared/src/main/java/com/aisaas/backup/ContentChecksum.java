package com.aisaas.backup;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * The content checksum of a table: the sum (mod 2<sup>128</sup>, as two 64-bit lanes) of the first 128 bits of the
 * SHA-256 of every row as {@code COPY ... TO STDOUT} writes it (one line, with its newline). The sum does not
 * depend on row order (a restored copy may come back in another physical order), counts duplicates, and needs
 * constant memory; any change to a row's content changes it. Not thread-safe.
 */
public final class ContentChecksum {

    public static final String ALGORITHM = "sha256-row-sum128";
    static final Pattern FORMAT = Pattern.compile("[0-9a-f]{32}");

    private final MessageDigest sha256;
    private final byte[] hash = new byte[32];
    private long high;
    private long low;
    private long rows;

    public ContentChecksum() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Adds one row (a COPY text line including its newline). */
    public void addRow(byte[] row, int offset, int length) {
        sha256.update(row, offset, length);
        try {
            sha256.digest(hash, 0, hash.length);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        high += readLong(hash, 0);
        low += readLong(hash, 8);
        rows++;
    }

    public void addRow(byte[] row) {
        addRow(row, 0, row.length);
    }

    public long rows() {
        return rows;
    }

    /** 32 hex digits. */
    public String value() {
        return String.format("%016x%016x", high, low);
    }

    private static long readLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xff);
        }
        return value;
    }
}
