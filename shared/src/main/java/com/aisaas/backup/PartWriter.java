package com.aisaas.backup;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes one part: rows in, gzip (fastest level) out to a blob stream, counting and SHA-256-hashing the stored
 * (compressed) bytes as they go. Memory is a few buffers whatever the part's size.
 */
final class PartWriter implements AutoCloseable {

    private static final int BUFFER = 128 * 1024;

    private final String name;
    private final HashingOutputStream stored;
    private final OutputStream rows;
    private boolean closed;

    PartWriter(String name, OutputStream blob) {
        this.name = name;
        this.stored = new HashingOutputStream(blob);
        try {
            this.rows = new FastGzipOutputStream(stored, BUFFER);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Rows (whole or in pieces: a chunk may end inside a row). */
    void write(byte[] bytes, int offset, int length) throws IOException {
        rows.write(bytes, offset, length);
    }

    /** Finishes the gzip stream and commits the blob; returns what the manifest says about the part. */
    BackupManifest.Part finish(long rowCount, long uncompressedBytes) throws IOException {
        closed = true;
        rows.close();
        return new BackupManifest.Part(name, rowCount, uncompressedBytes, stored.count, stored.hex());
    }

    /** Abandons the part (after a failure); the blob may or may not have been committed. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                rows.close();
            } catch (IOException | RuntimeException ignored) {
                // the failure that got us here is the one that matters
            }
        }
    }

    /** gzip at {@link Deflater#BEST_SPEED}: several times faster than the default level for about 20 % more bytes. */
    static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(OutputStream out, int size) throws IOException {
            super(out, size);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    /** Counts and SHA-256-hashes what passes through. */
    static final class HashingOutputStream extends FilterOutputStream {
        private final MessageDigest sha256 = sha256();
        private long count;

        HashingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            sha256.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            sha256.update(b, off, len);
            count += len;
        }

        String hex() {
            return HexFormat.of().formatHex(sha256.digest());
        }

        long count() {
            return count;
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
