package com.aisaas.lifecycle;

import com.aisaas.cache.MetadataCache;
import com.aisaas.common.DependencyException;
import com.aisaas.common.Scope;
import com.aisaas.config.ProcessingSettings;
import com.aisaas.db.Database;
import com.aisaas.files.BlobPaths;
import com.aisaas.lifecycle.LifecycleRepository.EventRows;
import com.aisaas.telemetry.DomainMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code files} in step with what happens in Storage (the Event Grid trigger's work):
 * <ul>
 *   <li>{@code BlobDeleted} of a file's blob outside the API → the file is {@code deleted} (its blob is gone; the
 *       API's own moves to {@code deleted-files}/{@code quarantine} leave rows already deleted/rejected alone). A
 *       deletion older than the row's last change (a restore or a re-upload after the API's own delete, whose event
 *       arrives late) does not undo that change;</li>
 *   <li>{@code BlobTierChanged} → {@code access_tier}; {@code BlobRenamed} (hierarchical namespace) →
 *       {@code blob_path}; {@code AsyncOperationInitiated} (rehydration from archive, copies) → noted in
 *       {@code metadata.storageOperation}; {@code LifecyclePolicyCompleted} → a {@code lifecycle_runs} row;</li>
 *   <li>{@code BlobCreated} is the blob trigger's to process; here it is filtered on {@code data.api} (PutBlob,
 *       PutBlockList, CopyBlob, FlushWithClose: never a partial write) and recorded, so that its sequencer orders
 *       later events;</li>
 *   <li>other events, and blobs outside {@code uploaded-files} and {@code files}, are ignored with a log line.</li>
 * </ul>
 *
 * <p>A file's blob lives in {@code uploaded-files} until processing makes the file ready and moves it to
 * {@code files} (same name; {@code files.blob_container}). An event about a blob in either container is matched to
 * the file by that name and applies only when the file's blob lives in that container: the deletion of the upload
 * after the move, or of a stray write through the upload URL, leaves a ready file alone.
 *
 * <p>Delivery is at least once, out of order and possibly concurrent; the outcome is that of one delivery. All of
 * an event's work is one transaction that first inserts its id into {@code processed_events}: a redelivery finds
 * it completed ({@link Outcome#DUPLICATE}); a racing host blocks on the key until the first commits, then finds
 * it completed; a failed attempt rolls back and is counted in a separate transaction. An event older (by its blob's
 * {@code sequencer}) than one already applied to the same blob changes nothing ({@link Outcome#STALE}). A failure
 * that a retry can help is rethrown (the host answers 500 and Event Grid redelivers) until PROCESSING_MAX_ATTEMPTS;
 * then, like an event that cannot be handled at all, the event is {@code failed} in {@code processed_events} and
 * written to {@code dead_letters} (source {@value #SOURCE}), never retried forever.
 *
 * <p>This class decides; {@link LifecycleRepository} ({@link JdbcLifecycleRepository}) holds the SQL.
 */
public final class LifecycleHandler {

    public static final String SOURCE = "storage-lifecycle";
    static final Set<String> COMPLETE_WRITES = Set.of("PutBlob", "PutBlockList", "CopyBlob", "FlushWithClose");

    private static final Logger log = LoggerFactory.getLogger(LifecycleHandler.class);

    private final LifecycleRepository repository;
    private final MetadataCache cache;
    private final DomainMetrics metrics;
    private final ProcessingSettings settings;

    public LifecycleHandler(Database database, MetadataCache cache, DomainMetrics metrics, ProcessingSettings settings,
                            Clock clock) {
        this(new JdbcLifecycleRepository(database, clock), cache, metrics, settings);
    }

    LifecycleHandler(LifecycleRepository repository, MetadataCache cache, DomainMetrics metrics,
                     ProcessingSettings settings) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** What handling an event did (stored in {@code processed_events.outcome}). */
    public enum Outcome {
        APPLIED, NO_MATCH, RECORDED, STALE, IGNORED, DUPLICATE, GAVE_UP;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Handles the events of one delivery body (the trigger's input: one event, or an array). A body that is not a
     * storage event cannot succeed on any retry: it is dead-lettered as received and not thrown.
     */
    public List<Outcome> handle(String body) {
        List<StorageEvent> events;
        try {
            events = StorageEvents.parse(body);
        } catch (com.aisaas.common.ValidationException e) {
            log.error("an event delivery could not be read ({}): dead-lettered", e.getMessage());
            repository.deadLetterUnreadable(body == null ? "" : truncate(body),
                    truncate("unreadable event: " + e.getMessage()));
            metrics.deadLetter(SOURCE);
            return List.of(Outcome.GAVE_UP);
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (StorageEvent event : events) {
            outcomes.add(handle(event));
        }
        return outcomes;
    }

    /**
     * Handles one event.
     *
     * @throws DependencyException (retryable) when a retry can help; the attempt is counted
     */
    public Outcome handle(StorageEvent event) {
        Objects.requireNonNull(event, "event");
        List<Scope> touchedOwners = new ArrayList<>();
        Outcome outcome;
        try {
            outcome = repository.inEventTransaction(event, ownPath(event), rows -> {
                touchedOwners.clear();
                return handle(rows, event, touchedOwners);
            });
        } catch (DependencyException e) {
            if (!e.retryable()) {
                outcome = giveUp(event, "cannot be handled: " + e.getMessage());
            } else {
                try {
                    repository.recordFailedAttempt(event, truncate("error: " + e.getMessage()));
                } catch (RuntimeException failure) {
                    e.addSuppressed(failure); // the database is down: Event Grid's own retries and dead-lettering apply
                }
                throw e;
            }
        } catch (RuntimeException e) {
            outcome = giveUp(event, "cannot be handled: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        touchedOwners.forEach(cache::invalidate);
        metrics.eventProcessed(event.type(), outcome.wire());
        if (outcome == Outcome.GAVE_UP) {
            metrics.deadLetter(SOURCE);
        }
        log.info("event {} {} ({}): {}", event.type(), event.id(), event.subject(), outcome.wire());
        return outcome;
    }

    private Outcome handle(EventRows rows, StorageEvent event, List<Scope> owners) {
        Optional<Integer> attempt = rows.claim();
        if (attempt.isEmpty()) {
            return Outcome.DUPLICATE;
        }
        if (attempt.get() > settings.maxAttempts()) {
            rows.deadLetter("gave up after " + (attempt.get() - 1) + " attempts", attempt.get() - 1);
            rows.complete("failed", Outcome.GAVE_UP);
            return Outcome.GAVE_UP;
        }
        Outcome outcome = apply(rows, event, owners);
        rows.complete("completed", outcome);
        return outcome;
    }

    /** The blob path whose file the event is about (the old path of a rename). */
    private static Optional<String> subjectPath(StorageEvent event) {
        return event.type().equals(StorageEvent.BLOB_RENAMED) ? event.renamedFrom() : event.blobPath();
    }

    private static boolean ours(StorageEvent event) {
        return subjectPath(event).map(LifecycleHandler::fileBlob).orElse(false);
    }

    /** Whether {@code path} is where a file's blob lives when not deleted: {@code uploaded-files} or {@code files}. */
    private static boolean fileBlob(String path) {
        return path.startsWith(BlobPaths.UPLOADS_CONTAINER + "/") || path.startsWith(BlobPaths.FILES_CONTAINER + "/");
    }

    /** The file's {@code blob_path} (its name in {@code uploaded-files}) of a blob in either container. */
    private static String uploadPath(String path) {
        return BlobPaths.in(BlobPaths.UPLOADS_CONTAINER, path);
    }

    /** The container of a container-qualified path. */
    private static String containerOf(String path) {
        return path.substring(0, path.indexOf('/'));
    }

    /**
     * The file's {@code blob_path} (its upload name) when the event is about a file's blob in either container: the
     * scope the event's work runs under is that file's owner.
     */
    private static Optional<String> ownPath(StorageEvent event) {
        return ours(event) ? subjectPath(event).map(LifecycleHandler::uploadPath) : Optional.empty();
    }

    private Outcome apply(EventRows rows, StorageEvent event, List<Scope> owners) {
        if (event.type().equals(StorageEvent.LIFECYCLE_POLICY_COMPLETED)) {
            rows.recordLifecycleRun();
            return Outcome.RECORDED;
        }
        if (!ours(event)) {
            log.info("event {} {} is about {}, not an uploaded file: ignored", event.type(), event.id(), event.subject());
            return Outcome.IGNORED;
        }
        if (rows.appliedLater()) {
            return Outcome.STALE;
        }
        // a file's blob is in uploaded-files until processing makes it ready, then in files: an event about the
        // other container (the upload deleted after the move, a stray upload) is not about the file's blob
        String eventPath = subjectPath(event).get();
        String blobPath = uploadPath(eventPath);
        String container = containerOf(eventPath);
        return switch (event.type()) {
            case StorageEvent.BLOB_CREATED -> {
                if (event.api().filter(COMPLETE_WRITES::contains).isEmpty()) {
                    log.info("BlobCreated {} with api {} is not a complete write: ignored", event.id(),
                            event.api().orElse("(none)"));
                    yield Outcome.IGNORED;
                }
                yield Outcome.RECORDED; // the blob trigger processes the upload
            }
            case StorageEvent.BLOB_DELETED -> rows.scope().isEmpty() ? Outcome.NO_MATCH
                    : applied(rows, owners, "file.deleted-in-storage", event,
                    rows.markDeletedInStorage(blobPath, container));
            case StorageEvent.BLOB_TIER_CHANGED -> event.accessTier().isEmpty() ? Outcome.IGNORED
                    : rows.scope().isEmpty() ? Outcome.NO_MATCH
                    : applied(rows, owners, "file.tier-changed", event,
                    rows.changeTier(blobPath, container, event.accessTier().get()));
            case StorageEvent.BLOB_RENAMED -> event.renamedTo().filter(p -> p.startsWith(container + "/"))
                    .isEmpty() ? Outcome.IGNORED
                    : rows.scope().isEmpty() ? Outcome.NO_MATCH
                    : applied(rows, owners, "file.renamed-in-storage", event,
                    rows.rename(blobPath, uploadPath(event.renamedTo().get()), container));
            case StorageEvent.ASYNC_OPERATION_INITIATED -> rows.scope().isEmpty() ? Outcome.NO_MATCH
                    : applied(rows, owners, "file.storage-operation", event,
                    rows.noteStorageOperation(blobPath, container, event.api().orElse("unknown")));
            default -> {
                log.info("event type {} ({}) is not handled here: ignored", event.type(), event.id());
                yield Outcome.IGNORED;
            }
        };
    }

    /** Audits each file the event changed; {@link Outcome#NO_MATCH} when it changed none. */
    private static Outcome applied(EventRows rows, List<Scope> owners, String action, StorageEvent event,
                                   List<UUID> changed) {
        if (changed.isEmpty()) {
            return Outcome.NO_MATCH;
        }
        owners.add(rows.scope().orElseThrow());
        for (UUID fileId : changed) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("eventId", event.id());
            details.put("eventType", event.type());
            event.accessTier().ifPresent(t -> details.put("accessTier", t));
            event.renamedTo().ifPresent(p -> details.put("blobPath", p));
            rows.audit(action, fileId, details);
        }
        return Outcome.APPLIED;
    }

    /** Marks the event failed and dead-letters it, so that no redelivery works on it again. */
    private Outcome giveUp(StorageEvent event, String reason) {
        log.error("event {} {} ({}) {}: dead-lettered", event.type(), event.id(), event.subject(), reason);
        repository.giveUp(event, ownPath(event), truncate(reason));
        return Outcome.GAVE_UP;
    }

    private static String truncate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}
