package com.aisaas.backup;

import com.aisaas.common.NotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.postgresql.copy.CopyManager;

/**
 * Streams one stored part into {@code COPY ... FROM STDIN} (blob, gunzip, COPY), hashing and counting the stored
 * bytes as they pass, so that size and SHA-256 are checked in the same single read. After a failed load the rest
 * of the blob is still read, so the outcome always says whether the stored bytes are the ones the manifest names.
 */
final class PartLoader {

    private static final int BUFFER = 256 * 1024;

    /**
     * What reading (and loading) one part found.
     *
     * @param missing the blob does not exist
     * @param rowsLoaded rows COPY took, when the load succeeded
     * @param loadError why gunzip or COPY failed
     */
    record Outcome(BackupManifest.Part part, boolean missing, long bytes, String sha256, Optional<Long> rowsLoaded,
                   Optional<String> loadError) {

        boolean sizeMatches() {
            return !missing && bytes == part.bytes();
        }

        boolean shaMatches() {
            return !missing && part.sha256().equals(sha256);
        }

        /** The reasons this part is not as the manifest says; empty when it is. */
        java.util.List<String> problems() {
            java.util.List<String> problems = new java.util.ArrayList<>();
            if (missing) {
                problems.add(part.name() + " is missing");
                return problems;
            }
            if (!sizeMatches()) {
                problems.add(part.name() + " is " + bytes + " bytes, the manifest says " + part.bytes());
            }
            if (!shaMatches()) {
                problems.add(part.name() + " SHA-256 is " + sha256 + ", the manifest says " + part.sha256());
            }
            loadError.ifPresent(error -> problems.add(part.name() + " could not be restored: " + error));
            rowsLoaded.filter(rows -> rows != part.rows()).ifPresent(rows ->
                    problems.add(part.name() + " restored " + rows + " rows, the manifest says " + part.rows()));
            return problems;
        }
    }

    private final BackupStorage storage;

    PartLoader(BackupStorage storage) {
        this.storage = storage;
    }

    /** Loads {@code part} of {@code runId} with {@code copyInSql}; never throws for a missing or corrupt part. */
    Outcome load(BackupRunId runId, BackupManifest.Part part, CopyManager copy, String copyInSql) {
        InputStream blob;
        try {
            blob = storage.open(runId, part.name());
        } catch (NotFoundException e) {
            return new Outcome(part, true, 0, "", Optional.empty(), Optional.empty());
        }
        HashingInputStream stored = new HashingInputStream(blob);
        Optional<Long> rows = Optional.empty();
        Optional<String> error = Optional.empty();
        try (stored) {
            if (copy == null) {
                stored.drain();
            } else {
                GZIPInputStream rowsIn = null;
                try {
                    rowsIn = new GZIPInputStream(stored, BUFFER);
                    rows = Optional.of(copy.copyIn(copyInSql, rowsIn, BUFFER));
                } catch (SQLException | IOException e) {
                    error = Optional.of(summary(e));
                }
                stored.drain();
                if (rowsIn != null) {
                    rowsIn.close();                     // frees the inflater (and closes the blob stream)
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("read " + BackupStorage.path(runId, part.name()) + " failed", e);
        }
        return new Outcome(part, false, stored.count, stored.hex(), rows, error);
    }

    /** Reads {@code part} only to check its size and SHA-256. */
    Outcome check(BackupRunId runId, BackupManifest.Part part) {
        return load(runId, part, null, null);
    }

    private static String summary(Exception e) {
        String message = e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        message = newline < 0 ? message : message.substring(0, newline);
        return (e instanceof IOException ? e.getClass().getSimpleName() + ": " : "") + message;
    }

    /** Counts and SHA-256-hashes what is read through it. */
    static final class HashingInputStream extends FilterInputStream {
        private final MessageDigest sha256 = PartWriter.sha256();
        private long count;

        HashingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                sha256.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                sha256.update(b, off, n);
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[8192];
            long skipped = 0;
            while (skipped < n) {
                int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        void drain() throws IOException {
            byte[] buffer = new byte[BUFFER];
            while (read(buffer, 0, buffer.length) >= 0) {
                // hash the rest
            }
        }

        String hex() {
            return HexFormat.of().formatHex(sha256.digest());
        }
    }
}
