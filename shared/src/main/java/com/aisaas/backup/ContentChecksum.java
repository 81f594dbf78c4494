package com.aisaas.backup;

import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The content checksum of a table: over every row as {@code COPY ... TO STDOUT} writes it (one line, with its
 * newline), the sum of the rows' CRC-32C and the sum of their CRC-32 (two different polynomials), each in a 64-bit
 * lane. The sums do not depend on row order (a restored copy may come back in another physical order), count
 * duplicates and need constant memory; a changed row goes unnoticed only if both its CRCs stay the same (any burst
 * of up to 32 bits is always caught; a random change with a chance of about 2<sup>-64</sup>).
 *
 * <p>It detects corruption and divergence, not forgery: the parts' SHA-256 and the manifest's SHA-256, recorded in
 * {@code backup_runs} at export, protect against tampering. CRCs rather than a hash per row because the export
 * checksums every row on the thread that reads COPY, and the JDK's CRCs run as CPU intrinsics even before the JIT
 * has compiled anything (a per-row SHA-256 cost as much CPU as the compression). Not thread-safe.
 */
public final class ContentChecksum {

    public static final String ALGORITHM = "crc32c-crc32-row-sum";
    static final Pattern FORMAT = Pattern.compile("[0-9a-f]{32}");

    private final CRC32C crc32c = new CRC32C();
    private final CRC32 crc32 = new CRC32();
    private long sumCrc32c;
    private long sumCrc32;
    private long rows;

    /** Adds one row (a COPY text line including its newline). */
    public void addRow(byte[] row, int offset, int length) {
        crc32c.reset();
        crc32c.update(row, offset, length);
        crc32.reset();
        crc32.update(row, offset, length);
        sumCrc32c += crc32c.getValue();
        sumCrc32 += crc32.getValue();
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
        return String.format("%016x%016x", sumCrc32c, sumCrc32);
    }
}
