package com.aisaas.files;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * A file as the API shows it (schema {@code File} in docs/openapi.yaml). Optional members are left out when
 * they have no value.
 *
 * @param size the measured size once processing knows it, else the declared one
 * @param contentType the detected type once processing knows it, else the declared one
 * @param restorableUntil for a deleted file: until when {@code POST .../restore} can bring it back
 * @param etag the same value as the {@code ETag} header of {@code GET /api/v1/files/{id}}, for {@code If-Match}
 * @param metadata what processing read from the content (image dimensions, PDF version and page count, a text
 *                 snippet, duplicateOf); absent until then
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileView(
        String id,
        String name,
        String contentType,
        Long size,
        String status,
        Map<String, String> tags,
        String sha256,
        String rejectionReason,
        Instant createdAt,
        Instant updatedAt,
        Instant processedAt,
        Instant deletedAt,
        Instant restorableUntil,
        String etag,
        Map<String, Object> metadata) {

    public FileView(String id, String name, String contentType, Long size, String status, Map<String, String> tags,
                    String sha256, String rejectionReason, Instant createdAt, Instant updatedAt, Instant processedAt,
                    Instant deletedAt, Instant restorableUntil, String etag) {
        this(id, name, contentType, size, status, tags, sha256, rejectionReason, createdAt, updatedAt, processedAt,
                deletedAt, restorableUntil, etag, null);
    }

    public static FileView of(FileRecord file, java.time.Duration restoreWindow) {
        Instant restorable = file.status() == FileStatus.DELETED && file.deletedAt() != null
                ? file.deletedAt().plus(restoreWindow) : null;
        return new FileView(file.id().toString(), file.name(), file.contentType(), file.size(), file.status().wire(),
                file.tags(), file.sha256(), file.rejectionReason(), file.createdAt(), file.updatedAt(),
                file.processedAt(), file.deletedAt(), restorable, file.etag(),
                file.metadata().isEmpty() ? null : file.metadata());
    }
}
