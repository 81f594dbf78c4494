package com.aisaas.files;

import com.aisaas.common.Scope;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One row of {@code files}: what a file is, whose it is, where its blob lives and where it is in its lifecycle.
 *
 * @param blobPath {@code uploaded-files/<tenant>/<owner>/<fileId>/<safe name>}; while {@link FileStatus#DELETED}
 *        the blob lives under the same name in the {@code deleted-files} container
 * @param previousStatus the status before a soft delete (restored by {@code restore}), else null
 * @param version the optimistic concurrency counter, moved by every update (the ETag)
 * @param contentContainer where the blob lives while the file is not deleted: {@code uploaded-files} (not yet
 *        ready, or ready before processed blobs moved) or {@code files} (a ready file's blob, out of the upload
 *        URL's reach); {@code files.blob_container}
 */
public record FileRecord(
        FileId id,
        String tenantId,
        String ownerId,
        String name,
        String declaredContentType,
        String detectedContentType,
        Long sizeBytes,
        Long declaredSizeBytes,
        String sha256,
        FileStatus status,
        String rejectionReason,
        String blobPath,
        String blobEtag,
        String accessTier,
        Map<String, String> tags,
        Instant createdAt,
        Instant updatedAt,
        Instant processedAt,
        Instant deletedAt,
        FileStatus previousStatus,
        int version,
        Map<String, Object> metadata,
        String contentContainer) {

    public FileRecord {
        Objects.requireNonNull(id, "id");
        contentContainer = contentContainer == null ? BlobPaths.UPLOADS_CONTAINER : contentContainer;
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(blobPath, "blobPath");
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        metadata = metadata == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }

    /** A file whose blob is where uploads land. */
    public FileRecord(FileId id, String tenantId, String ownerId, String name, String declaredContentType,
                      String detectedContentType, Long sizeBytes, Long declaredSizeBytes, String sha256,
                      FileStatus status, String rejectionReason, String blobPath, String blobEtag, String accessTier,
                      Map<String, String> tags, Instant createdAt, Instant updatedAt, Instant processedAt,
                      Instant deletedAt, FileStatus previousStatus, int version, Map<String, Object> metadata) {
        this(id, tenantId, ownerId, name, declaredContentType, detectedContentType, sizeBytes, declaredSizeBytes, sha256,
                status, rejectionReason, blobPath, blobEtag, accessTier, tags, createdAt, updatedAt, processedAt,
                deletedAt, previousStatus, version, metadata, BlobPaths.UPLOADS_CONTAINER);
    }

    /** A file without processing metadata (a new upload). */
    public FileRecord(FileId id, String tenantId, String ownerId, String name, String declaredContentType,
                      String detectedContentType, Long sizeBytes, Long declaredSizeBytes, String sha256,
                      FileStatus status, String rejectionReason, String blobPath, String blobEtag, String accessTier,
                      Map<String, String> tags, Instant createdAt, Instant updatedAt, Instant processedAt,
                      Instant deletedAt, FileStatus previousStatus, int version) {
        this(id, tenantId, ownerId, name, declaredContentType, detectedContentType, sizeBytes, declaredSizeBytes, sha256,
                status, rejectionReason, blobPath, blobEtag, accessTier, tags, createdAt, updatedAt, processedAt,
                deletedAt, previousStatus, version, Map.of());
    }

    /** The detected content type once processing knows it, else the declared one. */
    public String contentType() {
        return detectedContentType != null ? detectedContentType : declaredContentType;
    }

    /** The measured size once known, else the declared one. */
    public Long size() {
        return sizeBytes != null ? sizeBytes : declaredSizeBytes;
    }

    public String etag() {
        return ETags.of(version);
    }

    /** The blob's container now: {@code deleted-files} while soft-deleted, else {@link #contentContainer}. */
    public String blobContainer() {
        return status == FileStatus.DELETED ? BlobPaths.DELETED_CONTAINER : contentContainer;
    }

    /** The blob's name inside its container ({@code <tenant>/<owner>/<fileId>/<safe name>}). */
    public String blobName() {
        return BlobPaths.blobName(blobPath);
    }

    /** A copy with another name and tags, updated at {@code now}. */
    FileRecord withNameAndTags(String newName, Map<String, String> newTags, Instant now) {
        return new FileRecord(id, tenantId, ownerId, newName, declaredContentType, detectedContentType, sizeBytes,
                declaredSizeBytes, sha256, status, rejectionReason, blobPath, blobEtag, accessTier, newTags, createdAt,
                now, processedAt, deletedAt, previousStatus, version, metadata, contentContainer);
    }

    /** A copy in another lifecycle state, updated at {@code now}. */
    FileRecord withState(FileStatus newStatus, FileStatus newPreviousStatus, Instant newDeletedAt, Instant now) {
        return new FileRecord(id, tenantId, ownerId, name, declaredContentType, detectedContentType, sizeBytes,
                declaredSizeBytes, sha256, newStatus, rejectionReason, blobPath, blobEtag, accessTier, tags, createdAt,
                now, processedAt, newDeletedAt, newPreviousStatus, version, metadata, contentContainer);
    }

    /** The tenant and owner this file belongs to. */
    public Scope scope() {
        return new Scope(tenantId, ownerId);
    }
}
