package com.aisaas.devhost.host.blob;

import com.aisaas.devhost.host.worker.BindingException;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a blob's content into a {@code byte[]} for a content binding (trigger or input). The array is allocated at the
 * blob's size on the invoking thread BEFORE anything is downloaded, and then filled from a stream read in chunks of a few
 * MiB, at the version the properties describe (If-Match its eTag). So a blob too large for the heap fails with one
 * refused allocation on the invocation's own thread — a failed try, retried and then poisoned like any other, the way
 * the Java worker's crash is one in Azure (docs/functions-host.md §8.4) — instead of exhausting the heap inside the HTTP
 * client where every thread of the host would feel it.
 */
final class BlobContent {

    /** The longest Java array the VM reliably allocates. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8L;

    private BlobContent() {
    }

    static byte[] read(BlobClient blob, BlobProperties properties) {
        long size = properties.getBlobSize();
        String where = blob.getContainerName() + "/" + blob.getBlobName();
        if (size > MAX_ARRAY) {
            throw new BindingException("blob '" + where + "' has " + size + " bytes, more than a Java byte[] holds; bind it as a "
                    + "BlobClient (SDK types) to stream it");
        }
        byte[] content;
        try {
            content = new byte[(int) size];
        } catch (OutOfMemoryError e) {
            throw new BindingException("blob '" + where + "' (" + size + " bytes) does not fit in the heap (max "
                    + Runtime.getRuntime().maxMemory() + " bytes): " + e, e);
        }
        if (size == 0) {
            return content;
        }
        BlobInputStreamOptions options = new BlobInputStreamOptions()
                .setRequestConditions(new BlobRequestConditions().setIfMatch(properties.getETag()));
        try (InputStream in = blob.openInputStream(options)) {
            int read = in.readNBytes(content, 0, content.length);
            if (read != content.length || in.read() != -1) {
                throw new BindingException("blob '" + where + "' changed while it was read");
            }
        } catch (IOException e) {
            throw new BindingException("cannot read blob '" + where + "': " + e.getMessage(), e);
        }
        return content;
    }
}
