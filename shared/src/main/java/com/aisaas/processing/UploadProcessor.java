package com.aisaas.processing;

import com.aisaas.cache.MetadataCache;
import com.aisaas.common.DependencyException;
import com.aisaas.common.NotFoundException;
import com.aisaas.config.ProcessingSettings;
import com.aisaas.config.SearchSettings;
import com.aisaas.events.DomainEvent;
import com.aisaas.events.Outbox;
import com.aisaas.telemetry.DomainMetrics;
import com.aisaas.files.BlobPaths;
import com.aisaas.files.FileStatus;
import com.aisaas.files.UploadPolicy;
import com.aisaas.search.ExtractedText;
import com.aisaas.search.TextExtractor;
import com.aisaas.storage.BlobContent;
import com.aisaas.storage.BlobStore;
import com.aisaas.storage.BlobStore.BlobRef;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an uploaded blob into a {@code ready} or {@code rejected} file. Safe under at-least-once, out-of-order and
 * concurrent delivery: the outcome of any number of deliveries is that of one.
 *
 * <ol>
 *   <li>Claims the file whose {@code blob_path} is the blob, as a lease ({@link ProcessingRepository#claim}); no
 *       such file → an orphan (a dead letter, source {@code upload-orphan}), nothing else. A file another attempt
 *       holds → {@link Result#POSTPONED}: acknowledged, because that attempt renews its short lease while it works
 *       and finishes the file, or dies and lets the lease lapse, after which the upload sweeper takes it over. A
 *       finished file → nothing. A file whose blob lives in {@code files} (ready since blobs moved there, or deleted
 *       since) meets a blob written through its still-valid upload URL (or the redelivery of the event that made it
 *       ready): the blob is removed and the file, its verdict, hash and served bytes stay as they are. A file that
 *       became ready before blobs moved (its blob still in {@code uploaded-files}) and whose blob was overwritten
 *       since (another eTag) is processed again, so new content never inherits the old verdict.</li>
 *   <li>Streams the blob once into a {@link ContentProbe}: SHA-256, size and the first 64 KiB, from which
 *       {@link ContentCheck} decides the type and {@link ContentMetadata} the cheap facts (dimensions, text
 *       snippet, PDF version); for a document type, the same stream also keeps up to EXTRACT_MAX_BYTES for the
 *       {@link TextExtractor}, whose outcome (or the reason there is no text) goes into the search index
 *       ({@code file_texts}) in the transaction that finishes the file, and {@code metadata.extraction}. A failed
 *       extraction does not fail the file. The text itself and its vector, the costly part of indexing, are stored
 *       right after that transaction commits (the file is found by its name and tags meanwhile); when that step
 *       does not happen, the search backfill indexes the file again from its blob.</li>
 *   <li>A {@code ready} verdict first copies the very version that was hashed (its eTag) to the same name in the
 *       {@code files} container, which no upload URL can write; the upload in {@code uploaded-files} is deleted
 *       once the verdict is stored. Crash-safe: a crash after the copy leaves the file {@code processing}, and the
 *       next attempt (redelivery or upload sweeper) reads the upload and copies again; a crash after the verdict
 *       leaves an upload that the next delivery of its event, or reconciliation, removes.</li>
 *   <li>Finishes the file: {@code ready} (hash, type, size, metadata, {@code blob_container = files}), or
 *       {@code rejected} with the reason and the
 *       blob moved to {@code quarantine}; the same content as another ready file of the owner is a duplicate:
 *       {@code rejected}, {@code metadata.duplicateOf}, and its blob deleted (the owner's other file has it).</li>
 *   <li>Announces {@code AISaaS.Files.FileProcessed} (file id, tenant, owner, status, hash, reason, duplicateOf,
 *       and for a ready file textIndexed: its text was extracted for the search index — stored with its vector
 *       right after the verdict, before the event is delivered in the normal course; a text the database refuses
 *       leaves the file found by name and tags, with a warning in the log):
 *       written to the outbox with the outcome, delivered right after commit, and by the outbox relay when that
 *       fails (at least once; the event id deduplicates).</li>
 * </ol>
 *
 * <p>Any failure after the claim releases it at once (keeping the error), so the next delivery or the sweeper can
 * take the file over; a retryable dependency failure does not count as an attempt (an outage says nothing about
 * the file and must not use up its attempts) and is rethrown so the host retries;
 * after PROCESSING_MAX_ATTEMPTS attempts the file is {@code failed} and dead-lettered instead. A blob that cannot be
 * read for any other reason fails the file at once.
 */
public final class UploadProcessor {

    public static final String FILE_PROCESSED = "AISaaS.Files.FileProcessed";
    /** The dead-letter source of a blob that matches no file (uploaded outside the API). */
    public static final String ORPHAN_SOURCE = "upload-orphan";
    /** The dead-letter source of an upload that failed for good. */
    public static final String FAILED_SOURCE = "upload-failed";
    /** Dead letters of blobs the Functions host gave up on (its poison queue, read by the upload sweeper). */
    public static final String POISON_SOURCE = "blob-trigger-poison";
    private static final Logger log = LoggerFactory.getLogger(UploadProcessor.class);

    private final ProcessingRepository repository;
    private final BlobStore blobs;
    private final MetadataCache cache;
    private final ContentCheck check;
    private final Outbox outbox;
    private final DomainMetrics metrics;
    private final ProcessingSettings settings;
    private final Clock clock;
    private final int headBytes;
    private final TextExtractor extractor;

    /** @param extractor the text of ready documents, for search, from the same stream as the hash */
    public UploadProcessor(JdbcProcessingRepository repository, BlobStore blobs, MetadataCache cache,
                           UploadPolicy policy, Outbox outbox, DomainMetrics metrics, ProcessingSettings settings,
                           TextExtractor extractor, Clock clock) {
        this(repository, blobs, cache, policy, outbox, metrics, settings, extractor, clock,
                ContentProbe.DEFAULT_HEAD_BYTES);
    }

    /** With the default extraction settings. */
    UploadProcessor(ProcessingRepository repository, BlobStore blobs, MetadataCache cache, UploadPolicy policy,
                    Outbox outbox, DomainMetrics metrics, ProcessingSettings settings, Clock clock, int headBytes) {
        this(repository, blobs, cache, policy, outbox, metrics, settings,
                new TextExtractor(SearchSettings.defaults(), clock), clock, headBytes);
    }

    UploadProcessor(ProcessingRepository repository, BlobStore blobs, MetadataCache cache, UploadPolicy policy,
                    Outbox outbox, DomainMetrics metrics, ProcessingSettings settings, TextExtractor extractor,
                    Clock clock, int headBytes) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.check = new ContentCheck(policy);
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.headBytes = headBytes;
        this.renewals = RENEWALS;
    }

    /** One daemon thread renews the leases of every attempt in this process (a renewal is one small update). */
    private static final java.util.concurrent.ScheduledExecutorService RENEWALS =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "upload-lease-renewal");
                thread.setDaemon(true);
                return thread;
            });
    private final java.util.concurrent.ScheduledExecutorService renewals;

    /** What became of one blob. */
    public enum Result { READY, REJECTED, FAILED, ORPHAN, ALREADY_DONE, POSTPONED }


    /**
     * Processes the blob at {@code blobPath} ({@code uploaded-files/<tenant>/<owner>/<fileId>/<name>}).
     *
     * @throws DependencyException (retryable) when a retry can help
     */
    public Result process(String blobPath, BlobContent content) {
        Objects.requireNonNull(blobPath, "blobPath");
        Objects.requireNonNull(content, "content");
        Instant now = now();
        ProcessingRepository.Claim claim = repository.claim(blobPath, now, now.plus(settings.claimLease()));
        Optional<UploadRow> claimed = claim.row();
        if (claimed.isEmpty()) {
            if (claim.status().isEmpty()) {
                repository.recordOrphan(blobPath, content.currentEtag(), now);
                log.warn("blob {} matches no file: recorded as an orphan", blobPath);
                return Result.ORPHAN;
            }
            FileStatus status = claim.status().get();
            if (claim.movedOut()) {
                // the file's blob is in the files container, out of the upload URL's reach: this blob is a write
                // through a still-valid upload URL after the file was ready (or a redelivery after the move): it
                // changes nothing, and is removed
                boolean removed = blobs.delete(new BlobRef(BlobPaths.UPLOADS_CONTAINER, BlobPaths.blobName(blobPath)));
                log.info("blob {}: the file is {} and its blob lives in {}; {}", blobPath, status.wire(),
                        BlobPaths.FILES_CONTAINER, removed ? "the upload was removed" : "no upload left to remove");
                return Result.ALREADY_DONE;
            }
            if (status == FileStatus.PROCESSING) {
                // Another attempt holds a live lease and renews it while it works: it finishes the file, or, if it
                // dies, its lease lapses within one lease and the upload sweeper takes the file over. This delivery
                // is acknowledged rather than failed, so it spends none of the host's tries.
                log.info("blob {} is being processed by another attempt: postponed to that attempt or the sweeper",
                        blobPath);
                return Result.POSTPONED;
            }
            if (status == FileStatus.READY) {
                String current = content.currentEtag();
                if (current != null && !current.equals(claim.recordedEtag())) {
                    claimed = repository.reclaimChanged(blobPath, current, now, now.plus(settings.claimLease()));
                    claimed.ifPresent(row -> log.info("file {}: its blob was overwritten; processing it again", row.id()));
                }
            } else if (status == FileStatus.REJECTED) {
                // a retry after the row changed but the move failed: finish the move (idempotent), and remove a copy
                // made for a verdict that turned out a duplicate
                blobs.move(BlobPaths.blobName(blobPath), BlobPaths.UPLOADS_CONTAINER, BlobPaths.QUARANTINE_CONTAINER);
                blobs.delete(new BlobRef(BlobPaths.FILES_CONTAINER, BlobPaths.blobName(blobPath)));
            }
            if (claimed.isEmpty()) {
                log.info("blob {}: the file is already {}; nothing to do", blobPath, status.wire());
                return Result.ALREADY_DONE;
            }
        }
        UploadRow row = claimed.get();
        try (LeaseRenewal renewal = new LeaseRenewal(row)) {
            if (row.attempt() > settings.maxAttempts()) {
                return finish(row, ProcessingRepository.Outcome.failed("gave up after " + (row.attempt() - 1)
                        + " attempts" + (row.lastError() == null ? "" : ": " + row.lastError())));
            }
            return process(row, content);
        } catch (RuntimeException e) {
            // whatever failed (storage, the database, the host's own code), the file is free for the next attempt
            // at once instead of when the lease lapses; a no-op when the file was finished meanwhile
            release(row, e);
            throw e;
        }
    }

    /**
     * Fails the file of {@code blobPath} now, with a dead letter (the upload sweeper's last resort for a file that
     * could not be finished within UPLOAD_GIVE_UP_HOURS, say because its blob keeps answering a retryable error):
     * claimed like an attempt and finished {@code failed}; nothing when another attempt holds it or it is finished.
     */
    public Result giveUp(String blobPath, String reason) {
        Objects.requireNonNull(blobPath, "blobPath");
        Instant now = now();
        ProcessingRepository.Claim claim = repository.claim(blobPath, now, now.plus(settings.claimLease()));
        if (claim.row().isEmpty()) {
            return claim.status().filter(s -> s == FileStatus.PROCESSING).isPresent() ? Result.POSTPONED
                    : Result.ALREADY_DONE;
        }
        UploadRow row = claim.row().get();
        return finish(row, ProcessingRepository.Outcome.failed(reason
                + (row.lastError() == null ? "" : ": " + row.lastError())));
    }

    private Result process(UploadRow row, BlobContent content) {
        Optional<Result> early = checkProperties(row, content);
        if (early.isPresent()) {
            return early.get();
        }
        ContentProbe probe = new ContentProbe(headBytes,
                extractor.wants(row.declaredContentType()) ? extractor.maxBytes() : 0);
        String etag;
        try {
            etag = content.downloadTo(probe);
        } catch (DependencyException e) {
            if (e.retryable()) {
                throw e;
            }
            return finish(row, ProcessingRepository.Outcome.failed("the blob could not be read: " + e.getMessage()));
        } catch (NotFoundException e) {
            return finish(row, ProcessingRepository.Outcome.failed("the blob is gone"));
        } catch (RuntimeException e) {
            return finish(row, ProcessingRepository.Outcome.failed("the blob could not be read: "
                    + e.getClass().getSimpleName()));
        }
        String sha256 = probe.sha256Hex();
        byte[] head = probe.head();
        ContentCheck.Verdict verdict = check.decide(row.declaredContentType(), row.declaredSizeBytes(),
                check.detect(head), probe.size());
        Map<String, Object> metadata = new LinkedHashMap<>();
        ExtractedText text = null;
        if (verdict.ready()) {
            metadata.putAll(ContentMetadata.extract(verdict.detectedType(), head));
            // a failed extraction is recorded and the file is still ready: its name and tags are indexed
            text = extractor.extract(verdict.detectedType(), probe.captured(), probe.capturedAll());
            metadata.put("extraction", text.metadata());
        }
        ProcessingRepository.Outcome outcome = new ProcessingRepository.Outcome(
                verdict.ready() ? FileStatus.READY : FileStatus.REJECTED, sha256, verdict.detectedType(), probe.size(),
                etag, verdict.reason(), metadata, text);
        if (verdict.ready()) {
            Optional<ProcessingRepository.Outcome> moved = copyOut(row, outcome);
            if (moved.isEmpty()) {
                return Result.POSTPONED;
            }
            outcome = moved.get();
        }
        return finish(row, outcome);
    }

    /**
     * Copies the blob that was hashed to the {@code files} container (same name), where no upload URL reaches, before
     * the verdict is stored: Storage copies only the version that was read (its eTag), so the served bytes are the
     * hashed bytes even if the upload URL writes again meanwhile. The upload itself stays until the verdict is
     * stored (a crash in between leaves a file still {@code processing}, whose next attempt reads the upload again
     * and copies again). The claim's lease is renewed first, so no other attempt can take the file over while this
     * one writes the target; empty when the claim is lost (the attempt that holds the file finishes it).
     *
     * @throws DependencyException (retryable) when the upload was overwritten after it was read: a retry reads the
     *         new content
     */
    private Optional<ProcessingRepository.Outcome> copyOut(UploadRow row, ProcessingRepository.Outcome outcome) {
        if (outcome.etag() == null) {
            throw new DependencyException("blob", false, "the store did not say which version of the upload was read");
        }
        Instant now = now();
        if (!repository.extend(row, now, now.plus(settings.claimLease()))) {
            log.info("file {}: the claim was lost before the blob was copied; the attempt that holds it finishes it",
                    row.id());
            return Optional.empty();
        }
        String name = BlobPaths.blobName(row.blobPath());
        try {
            String copied = blobs.copy(name, BlobPaths.UPLOADS_CONTAINER, BlobPaths.FILES_CONTAINER, outcome.etag());
            return Optional.of(outcome.movedTo(BlobPaths.FILES_CONTAINER, copied));
        } catch (com.aisaas.common.ConflictException e) {
            throw new DependencyException("blob", true, "the upload was written again while it was processed");
        } catch (NotFoundException e) {
            throw new DependencyException("blob", true, "the upload disappeared while it was processed");
        }
    }

    /**
     * Reads the blob's properties before its content: a blob whose size is not the declared one is rejected without
     * being downloaded (a client that declared 1 KiB and wrote 5 GiB costs one request, not a 5 GiB read).
     */
    private Optional<Result> checkProperties(UploadRow row, BlobContent content) {
        Optional<BlobContent.Properties> properties;
        try {
            properties = content.properties();
        } catch (NotFoundException e) {
            return Optional.of(finish(row, ProcessingRepository.Outcome.failed("the blob is gone")));
        } catch (DependencyException e) {
            if (e.retryable()) {
                throw e;
            }
            return Optional.of(finish(row, ProcessingRepository.Outcome.failed(
                    "the blob's properties could not be read: " + e.getMessage())));
        }
        if (properties.isEmpty() || row.declaredSizeBytes() < 0
                || properties.get().size() == row.declaredSizeBytes()) {
            return Optional.empty();
        }
        long size = properties.get().size();
        return Optional.of(finish(row, new ProcessingRepository.Outcome(FileStatus.REJECTED, null, null, size,
                properties.get().etag(), "size " + size + " bytes differs from the declared "
                + row.declaredSizeBytes() + " bytes (not downloaded)", Map.of())));
    }

    /**
     * Keeps {@code row}'s lease alive while the attempt works, renewing it every third of the lease, so a lease can
     * be short (a crashed attempt frees the file within one lease) however long a large blob takes to stream.
     */
    private final class LeaseRenewal implements AutoCloseable {
        private final java.util.concurrent.ScheduledFuture<?> task;

        LeaseRenewal(UploadRow row) {
            long periodMs = Math.max(1, settings.claimLease().toMillis() / 3);
            task = renewals.scheduleAtFixedRate(() -> {
                try {
                    Instant now = now();
                    if (!repository.extend(row, now, now.plus(settings.claimLease()))) {
                        throw new java.util.concurrent.CancellationException("claim no longer held");
                    }
                } catch (RuntimeException e) {
                    log.debug("lease of file {} not renewed: {}", row.id(), e.toString());
                    if (e instanceof java.util.concurrent.CancellationException) {
                        throw e; // stops the renewals
                    }
                }
            }, periodMs, periodMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            task.cancel(false);
        }
    }

    private Result finish(UploadRow row, ProcessingRepository.Outcome outcome) {
        ProcessingRepository.Finished finished;
        try {
            finished = repository.finish(row, outcome, now(), stored -> fileProcessed(row, outcome, stored));
        } finally {
            cache.invalidate(row.scope());
        }
        if (!finished.changed()) {
            log.info("file {} was finished by another attempt; this one changes nothing", row.id());
            return Result.ALREADY_DONE;
        }
        try {
            tidyBlobs(row, outcome, finished);
        } catch (RuntimeException e) {
            // the verdict stands and the next delivery finds the file finished: its text goes in now, not only when
            // the search backfill comes by
            indexText(row, outcome, finished);
            throw e;
        }
        log.info("file {} is {}{}", row.id(), finished.status().wire(),
                finished.reason() == null ? "" : " (" + finished.reason() + ")");
        metrics.upload(finished.status().wire());
        if (finished.status() == FileStatus.FAILED) {
            metrics.deadLetter(JdbcProcessingRepository.FAILED_SOURCE);
        }
        indexText(row, outcome, finished);
        outbox.deliverNow(row.scope(), finished.event());
        return switch (finished.status()) {
            case READY -> Result.READY;
            case REJECTED -> Result.REJECTED;
            default -> Result.FAILED;
        };
    }

    /** After the verdict: the upload goes (ready), the copy and upload go (duplicate), or it moves to quarantine. */
    private void tidyBlobs(UploadRow row, ProcessingRepository.Outcome outcome, ProcessingRepository.Finished finished) {
        String name = BlobPaths.blobName(row.blobPath());
        boolean copied = BlobPaths.FILES_CONTAINER.equals(outcome.container());
        if (finished.status() == FileStatus.READY && copied) {
            // the verdict and the blob's new home are stored: the upload goes (a crash before this line leaves it
            // for the next delivery of its event, or reconciliation, to remove)
            blobs.delete(new BlobRef(BlobPaths.UPLOADS_CONTAINER, name));
        } else if (finished.duplicateOf().isPresent()) {
            if (copied) {
                blobs.delete(new BlobRef(BlobPaths.FILES_CONTAINER, name));
            }
            blobs.delete(new BlobRef(BlobPaths.UPLOADS_CONTAINER, name));
        } else if (finished.status() == FileStatus.REJECTED) {
            blobs.move(name, BlobPaths.UPLOADS_CONTAINER, BlobPaths.QUARANTINE_CONTAINER);
            log.debug("file {}: blob moved to {}", row.id(), BlobPaths.QUARANTINE_CONTAINER);
        }
    }

    /**
     * When the verdict left text to come, it becomes searchable: the text and its vector, off the path to the
     * verdict (which is stored). A failure here fails nothing: the row stays pending and the search backfill indexes
     * the file from its blob.
     */
    private void indexText(UploadRow row, ProcessingRepository.Outcome outcome,
                           ProcessingRepository.Finished finished) {
        if (!finished.textIndexed()) {
            return;
        }
        try {
            if (repository.indexText(row, outcome.text()) == com.aisaas.search.FileTexts.Completion.REFUSED) {
                log.warn("file {}: the database refused its text's vector; it is found by name and tags", row.id());
            }
        } catch (RuntimeException e) {
            log.warn("file {}: its text is not indexed yet ({}); the search backfill will index it", row.id(),
                    e.toString());
        }
    }

    private void release(UploadRow row, RuntimeException cause) {
        boolean outage = cause instanceof DependencyException dependency && dependency.retryable();
        try {
            repository.release(row, cause.getMessage(), outage, now());
        } catch (RuntimeException e) {
            // the database may be what failed; the lease lapses by itself
            cause.addSuppressed(e);
        }
    }

    private DomainEvent fileProcessed(UploadRow row, ProcessingRepository.Outcome outcome,
                                      ProcessingRepository.Finished finished) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("fileId", row.id().toString());
        if (row.tenantId() != null) {
            data.put("tenantId", row.tenantId());
        }
        data.put("ownerId", row.ownerId());
        data.put("status", finished.status().wire());
        if (outcome.sha256() != null) {
            data.put("sha256", outcome.sha256());
        }
        if (outcome.detectedContentType() != null) {
            data.put("contentType", outcome.detectedContentType());
        }
        if (outcome.sizeBytes() != null) {
            data.put("size", outcome.sizeBytes());
        }
        if (finished.reason() != null) {
            data.put("reason", finished.reason());
        }
        finished.duplicateOf().ifPresent(id -> data.put("duplicateOf", id.toString()));
        if (finished.status() == FileStatus.READY) {
            data.put("textIndexed", finished.textIndexed());
        }
        return new DomainEvent(UUID.randomUUID().toString(), FILE_PROCESSED, "files/" + row.id(), now(), data);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
