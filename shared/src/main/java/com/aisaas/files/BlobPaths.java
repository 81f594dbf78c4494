package com.aisaas.files;

import com.aisaas.storage.BlobStorage;

/**
 * Where a file's blob lives. Its name is {@code <tenant>/<owner>/<fileId>/<safe name>} (each part made safe by
 * {@link SafeNames}) in every container; {@code files.blob_path} is that name in {@code uploaded-files}, where the
 * upload URL writes it, and {@code files.blob_container} says whether the blob is still there or in
 * {@code files}, where processing moves a ready file's blob out of the upload URL's reach.
 */
public final class BlobPaths {

    /** Where uploads land (the only container an upload SAS is signed for): files not yet processed, or not ready. */
    public static final String UPLOADS_CONTAINER = BlobStorage.UPLOADS_CONTAINER;
    /**
     * Ready files' blobs, under the same name: copied here by processing from the upload it hashed. No upload SAS is
     * ever signed for this container, so nothing but the app writes it.
     */
    public static final String FILES_CONTAINER = "files";
    /** Soft-deleted files' blobs, under the same blob name, until restored or purged. */
    public static final String DELETED_CONTAINER = "deleted-files";
    /** Rejected uploads' blobs, under the same blob name: never served, kept for review. */
    public static final String QUARANTINE_CONTAINER = "quarantine";
    /** App-level backups of the metadata tables: {@code backups/<runId>/<table>.<n>.copy.gz} and a manifest. */
    public static final String BACKUPS_CONTAINER = "backups";

    private BlobPaths() {
    }

    /** The container-qualified path stored in {@code files.blob_path}. */
    public static String of(String tenantId, String ownerId, FileId id, String displayName) {
        return UPLOADS_CONTAINER + "/" + SafeNames.idSegment(tenantId) + "/" + SafeNames.idSegment(ownerId) + "/"
                + id + "/" + SafeNames.fileName(displayName);
    }

    /** {@code container/name}: the path of a blob in another container, as events name it. */
    public static String in(String container, String blobPath) {
        return container + "/" + blobName(blobPath);
    }

    /** The blob name inside the container: {@code blobPath} without its first segment. */
    public static String blobName(String blobPath) {
        int slash = blobPath.indexOf('/');
        if (slash < 1) {
            throw new IllegalArgumentException("not a container-qualified blob path: " + blobPath);
        }
        return blobPath.substring(slash + 1);
    }
}
