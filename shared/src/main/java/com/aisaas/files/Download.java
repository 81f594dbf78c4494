package com.aisaas.files;

import java.net.URI;
import java.time.Instant;

/** What {@code GET /api/v1/files/{id}/content} answers: a redirect to a read SAS, or the bytes themselves. */
public sealed interface Download {

    /** 302 to a read-only SAS URL for the one blob (a credential until {@code expiresAt}: never log it). */
    record Redirect(URI location, Instant expiresAt) implements Download {
    }

    /**
     * 200 with the whole file, or 206 with {@code range}.
     *
     * @param range the part sent, or null for the whole file
     */
    record Content(byte[] bytes, String contentType, String fileName, long totalSize, ByteRange range, String etag)
            implements Download {
    }
}
