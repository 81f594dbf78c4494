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
}
