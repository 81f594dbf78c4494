package com.aisaas.devhost.events;

import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;

/**
 * What the watcher remembers of one blob from a listing: enough to tell a new version (eTag) from a property or
 * metadata update, a tier change, and to fill the events' data (length, type, blob type, copy).
 *
 * @param eTag      without quotes
 * @param createdOn Azurite resets it when a blob is written again, not when only metadata or properties change
 */
record BlobState(String eTag, String accessTier, long contentLength, String contentType, String blobType, OffsetDateTime createdOn,
                 int metadataHash, boolean copied) {

    static BlobState of(BlobItem item) {
        BlobItemProperties p = item.getProperties();
        Map<String, String> metadata = item.getMetadata();
        return new BlobState(unquote(p.getETag()), p.getAccessTier() == null ? null : p.getAccessTier().toString(),
                p.getContentLength() == null ? 0 : p.getContentLength(), p.getContentType(),
                p.getBlobType() == null ? "BlockBlob" : p.getBlobType().toString(), p.getCreationTime(),
                metadata == null ? 0 : metadata.hashCode(), p.getCopyId() != null);
    }

    /**
     * A new eTag is a new version (BlobCreated) unless it looks like Set Blob Metadata / Set Blob Properties, which raise
     * no event in Azure: same creation time and length, with the metadata or content type changed.
     */
    boolean isNewVersionOf(BlobState before) {
        if (Objects.equals(eTag, before.eTag)) {
            return false;
        }
        boolean sameWrite = createdOn != null && createdOn.equals(before.createdOn) && contentLength == before.contentLength;
        boolean propertiesChanged = metadataHash != before.metadataHash || !Objects.equals(contentType, before.contentType);
        return !(sameWrite && propertiesChanged);
    }

    static String unquote(String eTag) {
        if (eTag == null) {
            return "";
        }
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"") ? eTag.substring(1, eTag.length() - 1) : eTag;
    }
}
