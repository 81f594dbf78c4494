package com.aisaas.storage;

import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobDownloadResponse;
import java.io.OutputStream;
import java.util.Objects;

/** {@link BlobContent} over a Blob SDK client (e.g. the one a blob trigger binds): one {@code downloadStream}. */
public final class AzureBlobContent implements BlobContent {

    private final BlobClient blob;

    private AzureBlobContent(BlobClient blob) {
        this.blob = Objects.requireNonNull(blob, "blob");
    }

    public static BlobContent of(BlobClient blob) {
        return new AzureBlobContent(blob);
    }

    @Override
    public String downloadTo(OutputStream sink) {
        try {
            BlobDownloadResponse response = blob.downloadStreamWithResponse(sink, null, null, null, false, null,
                    Context.NONE);
            String etag = response.getDeserializedHeaders().getETag();
            return etag == null ? null : etag.replace("\"", "");
        } catch (RuntimeException e) {
            throw AzureBlobStore.translate(e, "download blob");
        }
    }

    @Override
    public java.util.Optional<Properties> properties() {
        try {
            com.azure.storage.blob.models.BlobProperties properties = blob.getProperties();
            String etag = properties.getETag();
            return java.util.Optional.of(new Properties(etag == null ? null : etag.replace("\"", ""),
                    properties.getBlobSize()));
        } catch (RuntimeException e) {
            throw AzureBlobStore.translate(e, "read blob properties");
        }
    }
}
