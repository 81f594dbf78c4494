package com.aisaas.processing;

import com.aisaas.files.FileId;
import com.aisaas.files.FileStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rows processing changes. An event names a blob, not a scope: each transaction first finds the tenant and
 * owner of the blob's file (the database's {@code file_scope}) and then runs under that scope, so row-level security
 * holds processing to the one file's owner like any request. Every change writes its audit entry in the same
 * transaction.
 */
interface ProcessingRepository {

    /**
     * Claims the file of {@code blobPath} for one attempt until {@code leaseUntil}: a {@code pending} file, or a
     * {@code processing} one whose previous claim has lapsed (that attempt died or failed). Each claim counts an
     * attempt.
     */
    Claim claim(String blobPath, Instant now, Instant leaseUntil);

    /**
     * Claims a {@code ready} file again because its blob was overwritten: only while its recorded eTag differs from
     * {@code currentEtag}, so every redelivery of the event that made it ready changes nothing. Attempts restart.
     */
    Optional<UploadRow> reclaimChanged(String blobPath, String currentEtag, Instant now, Instant leaseUntil);

    /**
     * Stores the outcome, only while {@code row}'s claim still holds the file (a concurrent or earlier attempt that
     * finished first wins, and this changes nothing). A {@code ready} outcome whose content the owner already has in
     * another {@code ready} file becomes {@code rejected} as a duplicate of it (decided under a lock on owner and
     * hash, so two identical uploads finishing at once cannot both become ready). A {@code ready} file records the
     * outcome's container ({@code files} once its blob was copied there); any other outcome leaves it. The event that
     * {@code announcement} makes of the stored outcome is written to the outbox in the same transaction.
     */
    Finished finish(UploadRow row, Outcome outcome, Instant now,
                    java.util.function.Function<Finished, com.aisaas.events.DomainEvent> announcement);

    /**
     * Stores {@code text} and its search vector in the search row that {@link #finish} left {@code pending} for
     * {@code row}'s file, in a transaction of its own under the file's scope.
     */
    com.aisaas.search.FileTexts.Completion indexText(UploadRow row, com.aisaas.search.ExtractedText text);

    /**
     * Moves the lease of {@code row}'s claim to {@code leaseUntil} while the attempt is still working; false when the
     * claim no longer holds the file (it lapsed and another attempt took over, or the file was finished).
     */
    boolean extend(UploadRow row, Instant now, Instant leaseUntil);

    /**
     * Gives up {@code row}'s claim after a failure, remembering the error for the next attempt. With
     * {@code refund}, the attempt is not counted: a dependency that is down (PostgreSQL failing over, storage
     * throttling) says nothing about the file, and an outage must not use up its attempts.
     */
    void release(UploadRow row, String error, boolean refund, Instant now);

    /** Records a blob that matches no file (uploaded outside the API), once per blob path and eTag. */
    void recordOrphan(String blobPath, String etag, Instant now);

    /**
     * The result of {@link #claim}.
     *
     * @param row          the claimed file; empty when it was not claimed
     * @param status       the file's status when not claimed; empty with an empty row: no file has this blob
     * @param recordedEtag the eTag of the blob the file was finished with (when not claimed)
     * @param container    where the file's blob lives when not deleted ({@code files.blob_container}; when not
     *                     claimed): {@code files} means no upload belongs at the blob path any more
     */
    record Claim(Optional<UploadRow> row, Optional<FileStatus> status, String recordedEtag, String container) {
        public Claim {
            Objects.requireNonNull(row, "row");
            Objects.requireNonNull(status, "status");
        }

        static Claim claimed(UploadRow row) {
            return new Claim(Optional.of(row), Optional.of(FileStatus.PROCESSING), null, null);
        }

        static Claim notClaimed(FileStatus status, String recordedEtag, String container) {
            return new Claim(Optional.empty(), Optional.of(status), recordedEtag, container);
        }

        static Claim noFile() {
            return new Claim(Optional.empty(), Optional.empty(), null, null);
        }

        /** Whether the file's blob has moved out of the upload container (a ready file, or one deleted since). */
        boolean movedOut() {
            return com.aisaas.files.BlobPaths.FILES_CONTAINER.equals(container);
        }
    }

    /**
     * The final state of a processed file.
     *
     * @param status   {@code ready}, {@code rejected} or {@code failed}
     * @param reason   why it was rejected or failed; null when ready
     * @param metadata what the content told (merged into {@code files.metadata})
     * @param text     the text extracted for search (a ready file's search row); null: none (name and tags only)
     */
    record Outcome(FileStatus status, String sha256, String detectedContentType, Long sizeBytes, String etag,
                   String reason, Map<String, Object> metadata, com.aisaas.search.ExtractedText text,
                   String container) {
        public Outcome {
            Objects.requireNonNull(status, "status");
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        }

        Outcome(FileStatus status, String sha256, String detectedContentType, Long sizeBytes, String etag,
                String reason, Map<String, Object> metadata, com.aisaas.search.ExtractedText text) {
            this(status, sha256, detectedContentType, sizeBytes, etag, reason, metadata, text, null);
        }

        Outcome(FileStatus status, String sha256, String detectedContentType, Long sizeBytes, String etag,
                String reason, Map<String, Object> metadata) {
            this(status, sha256, detectedContentType, sizeBytes, etag, reason, metadata, null, null);
        }

        /**
         * This outcome with the blob copied to {@code newContainer}, where it now has {@code newEtag}: stored as the
         * file's {@code blob_container} and {@code blob_etag} if the file becomes ready.
         */
        Outcome movedTo(String newContainer, String newEtag) {
            return new Outcome(status, sha256, detectedContentType, sizeBytes, newEtag, reason, metadata, text,
                    newContainer);
        }

        static Outcome failed(String reason) {
            return new Outcome(FileStatus.FAILED, null, null, null, null, reason, Map.of());
        }
    }

    /**
     * What {@link #finish} did.
     *
     * @param changed     whether this call changed the row
     * @param status      the status it stored (a duplicate turns ready into rejected)
     * @param reason      the stored reason
     * @param duplicateOf the owner's ready file with the same content, when this one is a duplicate
     * @param event       the announcement written to the outbox with the change (null when nothing changed)
     * @param textIndexed whether the file has text for the search index (not only its name and tags); the search
     *                    row is {@code pending} until {@link #indexText} stores it
     */
    record Finished(boolean changed, FileStatus status, String reason, Optional<FileId> duplicateOf,
                    com.aisaas.events.DomainEvent event, boolean textIndexed) {
        static Finished unchanged() {
            return new Finished(false, null, null, Optional.empty(), null, false);
        }
    }
}
