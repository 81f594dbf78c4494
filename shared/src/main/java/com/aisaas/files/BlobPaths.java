package com.aisaas.files;

import com.aisaas.storage.BlobStorage;

/** Where a file's blob lives: {@code uploaded-files/<tenant>/<owner>/<fileId>/<safe name>}, each part made safe by {@link SafeNames}. */
public final class BlobPaths {

    public static final String UPLOADS_CONTAINER = BlobStorage.UPLOADS_CONTAINER;
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

    /** The blob name inside the container: {@code blobPath} without its first segment. */
    public static String blobName(String blobPath) {
        int slash = blobPath.indexOf('/');
        if (slash < 1) {
            throw new IllegalArgumentException("not a container-qualified blob path: " + blobPath);
        }
        return blobPath.substring(slash + 1);
    }
}
