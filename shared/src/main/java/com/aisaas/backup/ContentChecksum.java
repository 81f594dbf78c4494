package com.aisaas.backup;

import java.util.regex.Pattern;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * The content checksum of a table: the sum (as two 64-bit lanes, each mod 2<sup>64</sup>) of the 128-bit
 * MurmurHash3 (x64) of every row as {@code COPY ... TO STDOUT} writes it (one line, with its newline). The sum does
 * not depend on row order (a restored copy may come back in another physical order), counts duplicates, needs
 * constant memory, and any change to a row's content changes it except with a chance of about 2<sup>-128</sup>.
 * It detects corruption and divergence, not forgery: the manifest's SHA-256, recorded in {@code backup_runs} at
 * export, and the parts' SHA-256 protect against tampering. MurmurHash3 rather than SHA-256 per row because it is
 * about six times cheaper, and the export hashes every row. Not thread-safe.
 */
public final class ContentChecksum {

    public static final String ALGORITHM = "murmur3-128-row-sum";
    static final Pattern FORMAT = Pattern.compile("[0-9a-f]{32}");

    private long high;
    private long low;
    private long rows;

    /** Adds one row (a COPY text line including its newline). */
    public void addRow(byte[] row, int offset, int length) {
        long[] hash = MurmurHash3.hash128x64(row, offset, length, 0);
        high += hash[0];
        low += hash[1];
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
}
