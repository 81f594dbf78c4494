package com.aisaas.maintenance;

import com.aisaas.common.Scope;
import com.aisaas.maintenance.MaintenanceBlobs.BlobEntry;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rows {@link Reconciliation} reads and changes, across tenants (the maintenance role). Every change is
 * conditional on the row being as it was read, and writes its audit entry (or dead letter) in the same transaction,
 * so a second run, or a change by someone else meanwhile, changes nothing.
 */
interface ReconciliationRepository {

    /**
     * The next page of files whose blob should be in {@code container}: files whose blob has not moved for
     * {@code uploaded-files}; ready files whose blob moved for {@code files};
     * rejected files not purged yet and files deleted while rejected for {@code quarantine}; files deleted while
     * ready for {@code deleted-files}. In blob-path order ({@code "C"} collation, as Storage lists names), strictly
     * after {@code afterBlobPath}.
     */
    List<FileRow> page(String container, String afterBlobPath, int limit);

    /**
     * Marks a file whose blob is missing from {@code container}: a ready or rejected file becomes {@code failed}, a
     * soft-deleted one stays deleted and would be restored as {@code failed}; both with {@code reason}. Only while
     * the row is unchanged and was last changed before {@code settledBefore}.
     *
     * @return whether the row was changed
     */
    boolean markBlobMissing(FileRow row, String container, String reason, Instant now, Instant settledBefore);

    /**
     * Fails a {@code pending} file created before {@code pendingBefore} with {@code reason} (its upload session
     * expired without an upload).
     *
     * @return whether the row was changed
     */
    boolean expireUpload(FileRow row, String reason, Instant now, Instant pendingBefore);

    /**
     * The files that {@code blobPaths} name (a file's {@code blob_path} is its upload name), each with the container
     * its blob lives in and its status.
     */
    Map<String, FileAt> filesOfBlobPaths(Collection<String> blobPaths);

    /**
     * Records a blob of {@code uploaded-files} that matches no file as a dead letter of {@code source} (no tenant's),
     * once per blob path and eTag.
     *
     * @return whether a dead letter was written (false: it was recorded before)
     */
    boolean recordOrphan(String source, String blobPath, BlobEntry blob, String reason);

    /** Where a file's blob lives ({@code blob_container}) and the file's status. */
    record FileAt(String container, String status) {
    }

    /** A row of files as the walk sees it; {@code name} is the blob name inside its container. */
    record FileRow(UUID id, Scope scope, String status, String previousStatus, String blobPath, String name,
                   Instant createdAt, Instant updatedAt) {
    }
}
