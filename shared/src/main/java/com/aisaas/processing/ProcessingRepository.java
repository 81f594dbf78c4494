package com.aisaas.processing;

import com.aisaas.files.FileStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * The rows processing changes, across owners (maintenance work: row-level security is bypassed, the blob path
 * identifies the file). Every change writes its audit entry in the same transaction.
 */
interface ProcessingRepository {

    /** The outcome of {@link #claim}: the row now {@code processing}, or the status that kept it from being claimed. */
    record Claim(Optional<UploadRow> row, Optional<FileStatus> status) {
    }

    /**
     * Moves the file of {@code blobPath} from {@code pending} (or {@code processing}, a retry after a failure) to
     * {@code processing}. Empty row and empty status: no file has this blob (an orphan).
     */
    Claim claim(String blobPath, Instant now);

    /**
     * Stores the outcome of a claimed file, only while it is still {@code processing} (a concurrent or earlier
     * attempt that finished first wins, and this changes nothing).
     *
     * @return whether this call changed the row
     */
    boolean finish(UploadRow row, Outcome outcome, Instant now);

    /** Records a blob that matches no file (uploaded outside the API), once per blob path and eTag. */
    void recordOrphan(String blobPath, String etag, Instant now);

    /**
     * The final state of a processed file.
     *
     * @param status {@code ready}, {@code rejected} or {@code failed}
     * @param reason why it was rejected or failed; null when ready
     */
    record Outcome(FileStatus status, String sha256, String detectedContentType, Long sizeBytes, String etag,
                   String reason) {
    }
}
