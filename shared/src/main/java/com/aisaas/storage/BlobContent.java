package com.aisaas.storage;

import java.io.OutputStream;

/**
 * The content of one blob, read once as a stream. Failures leave as the domain hierarchy: a missing blob is
 * {@link com.aisaas.common.NotFoundException}, anything else {@link com.aisaas.common.DependencyException} ("blob")
 * with its retryable flag.
 */
public interface BlobContent {

    /**
     * Writes the whole blob to {@code sink} in one pass, never holding it in memory.
     *
     * @return the eTag of the version that was read (without quotes), or null when the store does not say
     */
    String downloadTo(OutputStream sink);

    /**
     * The eTag of the blob as it is now (without quotes), without reading it; null when the store cannot say. A
     * redelivered event compares it with the eTag a finished file was processed from, to tell an overwritten blob
     * from the same one.
     */
    default String currentEtag() {
        return properties().map(Properties::etag).orElse(null);
    }

    /**
     * The blob's eTag (without quotes) and size as they are now, without reading the content (one properties
     * request); empty when the store cannot say.
     */
    default java.util.Optional<Properties> properties() {
        return java.util.Optional.empty();
    }

    /** What a properties read tells of a blob. */
    record Properties(String etag, long size) {
    }
}
