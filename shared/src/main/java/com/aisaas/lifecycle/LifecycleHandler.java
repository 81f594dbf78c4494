package com.aisaas.lifecycle;

import com.aisaas.cache.MetadataCache;
import com.aisaas.common.DependencyException;
import com.aisaas.common.Json;
import com.aisaas.common.Scope;
import com.aisaas.config.ProcessingSettings;
import com.aisaas.db.Database;
import com.aisaas.db.AuditRows;
import com.aisaas.db.DeadLetterRows;
import com.aisaas.db.RowSecurity;
import com.aisaas.files.BlobPaths;
import com.aisaas.telemetry.DomainMetrics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
 *   <li>other events, and blobs outside {@code uploaded-files}, are ignored with a log line.</li>
 * </ul>
 *
 * <p>Delivery is at least once, out of order and possibly concurrent; the outcome is that of one delivery. All of
 * an event's work is one transaction that first inserts its id into {@code processed_events}: a redelivery finds
 * it completed ({@link Outcome#DUPLICATE}); a racing host blocks on the key until the first commits, then finds
 * it completed; a failed attempt rolls back and is counted in a separate transaction. An event older (by its blob's
 * {@code sequencer}) than one already applied to the same blob changes nothing ({@link Outcome#STALE}). A failure
 * that a retry can help is rethrown (the host answers 500 and Event Grid redelivers) until PROCESSING_MAX_ATTEMPTS;
 * then, like an event that cannot be handled at all, the event is {@code failed} in {@code processed_events} and
 * written to {@code dead_letters} (source {@value #SOURCE}), never retried forever.
 */
public final class LifecycleHandler {

    public static final String SOURCE = "storage-lifecycle";
    static final String ACTOR = "system:storage-lifecycle";
    static final Set<String> COMPLETE_WRITES = Set.of("PutBlob", "PutBlockList", "CopyBlob", "FlushWithClose");

    private static final Logger log = LoggerFactory.getLogger(LifecycleHandler.class);

    private final Database database;
    private final MetadataCache cache;
    private final DomainMetrics metrics;
    private final ProcessingSettings settings;
    private final Clock clock;

    public LifecycleHandler(Database database, MetadataCache cache, DomainMetrics metrics, ProcessingSettings settings,
                            Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
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
            database.inTransaction(connection -> {
                RowSecurity.platform(connection); // an unreadable delivery belongs to no tenant we know
                DeadLetterRows.insert(connection, null, SOURCE, null, Json.write(Map.of("body", body == null ? ""
                        : truncate(body))), truncate("unreadable event: " + e.getMessage()), 1, List.of(), false);
                return null;
            });
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
            outcome = database.inTransaction(connection -> {
                touchedOwners.clear();
                return handle(connection, event, touchedOwners);
            });
        } catch (DependencyException e) {
            if (!e.retryable()) {
                outcome = giveUp(event, "cannot be handled: " + e.getMessage());
            } else {
                recordFailedAttempt(event, e);
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

    private Outcome handle(Connection connection, StorageEvent event, List<Scope> owners) throws SQLException {
        Optional<Scope> scope = declareScope(connection, event);
        Optional<Integer> attempt = claim(connection, event);
        if (attempt.isEmpty()) {
            return Outcome.DUPLICATE;
        }
        if (attempt.get() > settings.maxAttempts()) {
            deadLetter(connection, scope, event, "gave up after " + (attempt.get() - 1) + " attempts",
                    attempt.get() - 1);
            complete(connection, event, "failed", Outcome.GAVE_UP);
            return Outcome.GAVE_UP;
        }
        Outcome outcome = apply(connection, event, scope, owners);
        complete(connection, event, "completed", outcome);
        return outcome;
    }

    /** The blob path whose file the event is about (the old path of a rename). */
    private static Optional<String> subjectPath(StorageEvent event) {
        return event.type().equals(StorageEvent.BLOB_RENAMED) ? event.renamedFrom() : event.blobPath();
    }

    private static boolean ours(StorageEvent event) {
        return subjectPath(event).map(p -> p.startsWith(BlobPaths.UPLOADS_CONTAINER + "/")).orElse(false);
    }

    /**
     * Runs the rest of the transaction under the scope of the file the event is about (found by its blob path), so
     * row-level security holds the event's work to that one owner; an event about no file runs under the platform
     * scope, where it can record a dead letter of no tenant but see no file.
     */
    private static Optional<Scope> declareScope(Connection connection, StorageEvent event) throws SQLException {
        Optional<Scope> scope = ours(event)
                ? RowSecurity.actAsOwnerOfBlob(connection, subjectPath(event).get()) : Optional.empty();
        if (scope.isEmpty()) {
            RowSecurity.platform(connection);
        }
        return scope;
    }

    private Outcome apply(Connection connection, StorageEvent event, Optional<Scope> scope, List<Scope> owners)
            throws SQLException {
        if (event.type().equals(StorageEvent.LIFECYCLE_POLICY_COMPLETED)) {
            return recordLifecycleRun(connection, event);
        }
        Optional<String> path = event.blobPath();
        if (!ours(event)) {
            log.info("event {} {} is about {}, not an uploaded file: ignored", event.type(), event.id(), event.subject());
            return Outcome.IGNORED;
        }
        if (stale(connection, event)) {
            return Outcome.STALE;
        }
        String blobPath = path.orElse(null);
        return switch (event.type()) {
            case StorageEvent.BLOB_CREATED -> {
                if (event.api().filter(COMPLETE_WRITES::contains).isEmpty()) {
                    log.info("BlobCreated {} with api {} is not a complete write: ignored", event.id(),
                            event.api().orElse("(none)"));
                    yield Outcome.IGNORED;
                }
                yield Outcome.RECORDED; // the blob trigger processes the upload
            }
            case StorageEvent.BLOB_DELETED -> update(connection, scope, owners, "file.deleted-in-storage", event,
                    "update files set status = 'deleted', previous_status = status, deleted_at = ?,"
                            + " metadata = metadata || ?::jsonb where blob_path = ?"
                            + " and status in ('pending', 'processing', 'ready', 'failed') and updated_at <= ?",
                    List.of(timestamp(event.time()), Json.write(Map.of("deletedInStorage",
                            Map.of("at", event.time().toString(), "eventId", event.id()))), blobPath,
                            timestamp(event.time())));
            case StorageEvent.BLOB_TIER_CHANGED -> event.accessTier().isEmpty() ? Outcome.IGNORED
                    : update(connection, scope, owners, "file.tier-changed", event,
                    "update files set access_tier = ? where blob_path = ? and status <> 'deleted'"
                            + " and access_tier is distinct from ?",
                    List.of(event.accessTier().get(), blobPath, event.accessTier().get()));
            case StorageEvent.BLOB_RENAMED -> event.renamedTo().filter(p -> p.startsWith(BlobPaths.UPLOADS_CONTAINER + "/"))
                    .isEmpty() ? Outcome.IGNORED
                    : update(connection, scope, owners, "file.renamed-in-storage", event,
                    "update files set blob_path = ? where blob_path = ?",
                    List.of(event.renamedTo().get(), event.renamedFrom().get()));
            case StorageEvent.ASYNC_OPERATION_INITIATED -> update(connection, scope, owners, "file.storage-operation", event,
                    "update files set metadata = metadata || ?::jsonb where blob_path = ? and status <> 'deleted'",
                    List.of(Json.write(Map.of("storageOperation", Map.of("api", event.api().orElse("unknown"),
                            "initiatedAt", event.time().toString()))), blobPath));
            default -> {
                log.info("event type {} ({}) is not handled here: ignored", event.type(), event.id());
                yield Outcome.IGNORED;
            }
        };
    }

    /**
     * Inserts the event's {@code processed_events} row (or counts another attempt after failed ones); empty when
     * it is already completed or failed. Blocks while another transaction holds the same event id.
     */
    private Optional<Integer> claim(Connection connection, StorageEvent event) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("insert into processed_events (event_id,"
                + " event_type, subject, blob_etag, sequencer, status, attempts, claimed_until, created_at)"
                + " values (?, ?, ?, ?, ?, 'processing', 1, null, ?) on conflict (event_id) do update"
                + " set attempts = processed_events.attempts + 1 where processed_events.status = 'processing'"
                + " returning attempts")) {
            statement.setString(1, event.id());
            statement.setString(2, event.type());
            statement.setString(3, event.subject());
            statement.setString(4, event.eTag().orElse(null));
            statement.setString(5, event.sequencer().orElse(null));
            statement.setObject(6, timestamp(clock.instant()));
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
    }

    /** Whether an event with a later sequencer has already been applied to the same blob. */
    private static boolean stale(Connection connection, StorageEvent event) throws SQLException {
        if (event.sequencer().isEmpty()) {
            return false;
        }
        String sequencer = event.sequencer().get();
        try (PreparedStatement statement = connection.prepareStatement("select 1 from processed_events"
                + " where subject = ? and status = 'completed' and event_id <> ? and sequencer is not null"
                + " and length(sequencer) = length(?) and upper(sequencer) > upper(?) limit 1")) {
            statement.setString(1, event.subject());
            statement.setString(2, event.id());
            statement.setString(3, sequencer);
            statement.setString(4, sequencer);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Outcome update(Connection connection, Optional<Scope> scope, List<Scope> owners, String action,
                                  StorageEvent event, String sql, List<Object> parameters) throws SQLException {
        if (scope.isEmpty()) {
            return Outcome.NO_MATCH;
        }
        List<String[]> changed = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql + " returning id, owner_id")) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    changed.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        if (changed.isEmpty()) {
            return Outcome.NO_MATCH;
        }
        owners.add(scope.get());
        for (String[] row : changed) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("eventId", event.id());
            details.put("eventType", event.type());
            event.accessTier().ifPresent(t -> details.put("accessTier", t));
            event.renamedTo().ifPresent(p -> details.put("blobPath", p));
            AuditRows.insert(connection, scope.get(), ACTOR, action, java.util.UUID.fromString(row[0]), event.id(),
                    details);
        }
        return Outcome.APPLIED;
    }

    private static Outcome recordLifecycleRun(Connection connection, StorageEvent event) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("insert into lifecycle_runs (event_id,"
                + " schedule_time, completed_at, summary) values (?, ?, ?, ?::jsonb) on conflict do nothing")) {
            statement.setString(1, event.id());
            statement.setString(2, Json.mapper().readTree(event.lifecycleSummary().orElse("{}"))
                    .path("scheduleTime").asText(null));
            statement.setObject(3, timestamp(event.time()));
            statement.setString(4, event.lifecycleSummary().orElse("{}"));
            statement.executeUpdate();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("lifecycle summary is not JSON", e);
        }
        return Outcome.RECORDED;
    }

    private static void complete(Connection connection, StorageEvent event, String status, Outcome outcome)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("update processed_events set status = ?,"
                + " outcome = ?, completed_at = now() where event_id = ?")) {
            statement.setString(1, status);
            statement.setString(2, outcome.wire());
            statement.setString(3, event.id());
            statement.executeUpdate();
        }
    }

    private static void deadLetter(Connection connection, Optional<Scope> scope, StorageEvent event, String reason,
                                   int attempts) throws SQLException {
        DeadLetterRows.insert(connection, scope.orElse(null), SOURCE, event.id(), event.json(), reason, attempts,
                List.of(event.id()), true);
    }

    /** Counts a failed attempt (its own transaction: the attempt's own one rolled back). Best effort. */
    private void recordFailedAttempt(StorageEvent event, DependencyException cause) {
        try {
            database.inTransaction(connection -> {
                try (PreparedStatement statement = connection.prepareStatement("insert into processed_events"
                        + " (event_id, event_type, subject, blob_etag, sequencer, status, attempts, outcome)"
                        + " values (?, ?, ?, ?, ?, 'processing', 1, ?) on conflict (event_id) do update"
                        + " set attempts = processed_events.attempts + 1, outcome = excluded.outcome"
                        + " where processed_events.status = 'processing'")) {
                    statement.setString(1, event.id());
                    statement.setString(2, event.type());
                    statement.setString(3, event.subject());
                    statement.setString(4, event.eTag().orElse(null));
                    statement.setString(5, event.sequencer().orElse(null));
                    statement.setString(6, truncate("error: " + cause.getMessage()));
                    statement.executeUpdate();
                }
                return null;
            });
        } catch (RuntimeException e) {
            cause.addSuppressed(e); // the database is down: Event Grid's own retries and dead-lettering apply
        }
    }

    /** Marks the event failed and dead-letters it, so that no redelivery works on it again. */
    private Outcome giveUp(StorageEvent event, String reason) {
        log.error("event {} {} ({}) {}: dead-lettered", event.type(), event.id(), event.subject(), reason);
        database.inTransaction(connection -> {
            Optional<Scope> scope = declareScope(connection, event);
            try (PreparedStatement statement = connection.prepareStatement("insert into processed_events"
                    + " (event_id, event_type, subject, status, attempts, outcome, completed_at)"
                    + " values (?, ?, ?, 'failed', 1, ?, now()) on conflict (event_id) do update"
                    + " set status = 'failed', outcome = excluded.outcome, completed_at = now()")) {
                statement.setString(1, event.id());
                statement.setString(2, event.type());
                statement.setString(3, event.subject());
                statement.setString(4, truncate(reason));
                statement.executeUpdate();
            }
            deadLetter(connection, scope, event, truncate(reason), 1);
            return null;
        });
        return Outcome.GAVE_UP;
    }

    private static String truncate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
