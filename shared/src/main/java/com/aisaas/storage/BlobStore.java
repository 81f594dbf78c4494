package com.aisaas.storage;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The blobs of uploaded files: short-lived signed URLs for one blob, small writes and ranged reads through the
 * app, and moves between containers. Failures leave as the domain hierarchy: a missing blob is
 * {@link com.aisaas.common.NotFoundException}, an existing one where none may be is
 * {@link com.aisaas.common.ConflictException}, anything else {@link com.aisaas.common.DependencyException} ("blob").
 */
public interface BlobStore {

    /**
     * A URL that can create and write {@code blob} only — no read, list or delete, no other blob — until
     * {@code ttl} from now (Put Blob, or Put Block + Put Block List for resumable uploads).
     */
    SignedUrl writeUrl(BlobRef blob, Duration ttl);

    /**
     * A URL that can read {@code blob} only, until {@code ttl} from now; the response carries
     * {@code Content-Disposition: attachment} with {@code downloadName} and {@code Content-Type: contentType}.
     */
    SignedUrl readUrl(BlobRef blob, Duration ttl, String downloadName, String contentType);

    /** Writes a new blob; {@link com.aisaas.common.ConflictException} if it already exists. */
    void create(BlobRef blob, byte[] content, String contentType);

    /** {@code count} bytes from {@code offset} (fewer at the end of the blob). */
    byte[] read(BlobRef blob, long offset, long count);

    /** The blob's size in bytes. */
    long size(BlobRef blob);

    /**
     * Moves {@code name} from container {@code from} to {@code to} (server-side copy, then delete). Idempotent: when
     * the source is gone and the target is there, it has already moved; when neither exists there is nothing to
     * move (a pending upload that never happened), and that is not an error.
     *
     * @return whether a blob is now at the target
     */
    boolean move(String name, String from, String to);

    /**
     * Copies {@code name} from container {@code from} to the same name in {@code to} (server-side, in the same
     * account) only while the source's eTag is {@code sourceEtag}, replacing what the target held; the source stays
     * (the first half of {@link #move}, for a caller that must record the copy before the source goes).
     *
     * @param sourceEtag the eTag (without quotes) of the version that must be copied
     * @return the target's eTag (without quotes), or null when the store does not say
     * @throws com.aisaas.common.NotFoundException when the source is gone
     * @throws com.aisaas.common.ConflictException when the source is no longer that version
     */
    String copy(String name, String from, String to, String sourceEtag);

    /** The content of {@code blob}, to stream once (processing a blob by name, e.g. a replayed dead letter). */
    BlobContent content(BlobRef blob);

    /** Deletes {@code blob} (with its snapshots); idempotent: a missing blob is not an error. @return whether it existed */
    boolean delete(BlobRef blob);

    /** A blob: its container and its name in the container. */
    record BlobRef(String container, String name) {
        public BlobRef {
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(name, "name");
        }
    }

    /** A signed URL (it is a credential: never log it) and when it stops working. */
    record SignedUrl(URI url, Instant expiresAt) {
        public SignedUrl {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        @Override
        public String toString() {
            return "SignedUrl[" + url.getScheme() + "://" + url.getHost() + url.getPath() + "?<sas>, expiresAt="
                    + expiresAt + "]";
        }
    }
}
