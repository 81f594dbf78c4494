package com.aisaas.processing;

import com.aisaas.cache.MetadataCache;
import com.aisaas.common.DependencyException;
import com.aisaas.common.NotFoundException;
import com.aisaas.files.BlobPaths;
import com.aisaas.files.FileStatus;
import com.aisaas.files.UploadPolicy;
import com.aisaas.storage.BlobContent;
import com.aisaas.storage.BlobStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an uploaded blob into a {@code ready} or {@code rejected} file (issue 4, first slice).
 *
 * <ol>
 *   <li>Claims the file whose {@code blob_path} is the blob ({@code pending}/{@code processing} →
 *       {@code processing}); no such file → an orphan (a dead letter, source {@code upload-orphan}), nothing else;
 *       a file already {@code ready}/{@code rejected}/{@code failed}/{@code deleted} → nothing changes.</li>
 *   <li>Streams the blob once into a {@link ContentProbe}: SHA-256, size and the first 64 KiB for detection.</li>
 *   <li>{@link ContentCheck} decides; {@code ready} stores hash, detected type, size and processed time;
 *       {@code rejected} stores the reason and moves the blob to {@code quarantine}.</li>
 * </ol>
 *
 * <p>A retryable dependency failure is rethrown (the host retries; the row stays {@code processing}, which the next
 * attempt claims again). A blob that cannot be read for any other reason marks the file {@code failed} (and a dead
 * letter, source {@code upload-failed}).
 */
public final class UploadProcessor {

    private static final Logger log = LoggerFactory.getLogger(UploadProcessor.class);

    private final ProcessingRepository repository;
    private final BlobStore blobs;
    private final MetadataCache cache;
    private final ContentCheck check;
    private final Clock clock;
    private final int headBytes;

    public UploadProcessor(JdbcProcessingRepository repository, BlobStore blobs, MetadataCache cache,
                           UploadPolicy policy, Clock clock) {
        this((ProcessingRepository) repository, blobs, cache, policy, clock, ContentProbe.DEFAULT_HEAD_BYTES);
    }

    UploadProcessor(ProcessingRepository repository, BlobStore blobs, MetadataCache cache, UploadPolicy policy,
                    Clock clock, int headBytes) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.check = new ContentCheck(policy);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.headBytes = headBytes;
    }

    /** What became of one blob. */
    public enum Result { READY, REJECTED, FAILED, ORPHAN, ALREADY_DONE }

    /**
     * Processes the blob at {@code blobPath} ({@code uploaded-files/<tenant>/<owner>/<fileId>/<name>}).
     *
     * @throws DependencyException (retryable) when a retry can help
     */
    public Result process(String blobPath, BlobContent content) {
        Objects.requireNonNull(blobPath, "blobPath");
        Objects.requireNonNull(content, "content");
        ProcessingRepository.Claim claim = repository.claim(blobPath, now());
        if (claim.row().isEmpty()) {
            if (claim.status().isEmpty()) {
                repository.recordOrphan(blobPath, null, now());
                log.warn("blob {} matches no file: recorded as an orphan", blobPath);
                return Result.ORPHAN;
            }
            if (claim.status().get() == FileStatus.REJECTED) {
                // a retry after the row changed but the move failed: finish the move (idempotent)
                blobs.move(BlobPaths.blobName(blobPath), BlobPaths.UPLOADS_CONTAINER, BlobPaths.QUARANTINE_CONTAINER);
            }
            log.info("blob {}: the file is already {}; nothing to do", blobPath, claim.status().get().wire());
            return Result.ALREADY_DONE;
        }
        UploadRow row = claim.row().get();
        ContentProbe probe = new ContentProbe(headBytes);
        String etag;
        try {
            etag = content.downloadTo(probe);
        } catch (DependencyException e) {
            if (e.retryable()) {
                throw e;
            }
            return fail(row, "the blob could not be read: " + e.getMessage());
        } catch (NotFoundException e) {
            return fail(row, "the blob is gone");
        } catch (RuntimeException e) {
            return fail(row, "the blob could not be read: " + e.getClass().getSimpleName());
        }
        String sha256 = probe.sha256Hex();
        ContentCheck.Verdict verdict = check.decide(row.declaredContentType(), row.declaredSizeBytes(),
                check.detect(probe.head()), probe.size());
        if (verdict.ready()) {
            return finish(row, new ProcessingRepository.Outcome(FileStatus.READY, sha256, verdict.detectedType(),
                    probe.size(), etag, null), Result.READY);
        }
        Result result = finish(row, new ProcessingRepository.Outcome(FileStatus.REJECTED, sha256,
                verdict.detectedType(), probe.size(), etag, verdict.reason()), Result.REJECTED);
        blobs.move(BlobPaths.blobName(blobPath), BlobPaths.UPLOADS_CONTAINER, BlobPaths.QUARANTINE_CONTAINER);
        log.debug("file {}: blob moved to {}", row.id(), BlobPaths.QUARANTINE_CONTAINER);
        return result;
    }

    private Result fail(UploadRow row, String reason) {
        return finish(row, new ProcessingRepository.Outcome(FileStatus.FAILED, null, null, null, null, reason),
                Result.FAILED);
    }

    private Result finish(UploadRow row, ProcessingRepository.Outcome outcome, Result result) {
        boolean changed;
        try {
            changed = repository.finish(row, outcome, now());
        } finally {
            cache.invalidateOwner(row.ownerId());
        }
        if (!changed) {
            log.info("file {} was finished by another attempt; this one changes nothing", row.id());
            return Result.ALREADY_DONE;
        }
        log.info("file {} is {}{}", row.id(), outcome.status().wire(),
                outcome.reason() == null ? "" : " (" + outcome.reason() + ")");
        return result;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
