package com.aisaas.maintenance;

import java.time.Instant;
import java.util.Iterator;
import java.util.Objects;

/**
 * What retention and reconciliation need of Blob Storage: existence, deletion, and a streamed listing. Failures
 * leave as {@link com.aisaas.common.DependencyException} ("blob").
 */
public interface MaintenanceBlobs {

    /** Deletes the blob (and its snapshots); false when there was none (not an error). */
    boolean deleteIfExists(String container, String name);

    boolean exists(String container, String name);

    /** The content of a small blob (a dead-lettered event); {@link com.aisaas.common.NotFoundException} when gone. */
    byte[] read(String container, String name);

    /**
     * The blobs of {@code container} in name order, fetched page by page ({@code pageSize} names at a time) as the
     * iterator advances: memory does not grow with the container. A missing container lists nothing.
     */
    Iterator<BlobEntry> list(String container, int pageSize);

    /** A listed blob. {@code createdAt} falls back to the last modification when the service does not say. */
    record BlobEntry(String name, String etag, Instant createdAt, long size) {
        public BlobEntry {
            Objects.requireNonNull(name, "name");
        }
    }
}
