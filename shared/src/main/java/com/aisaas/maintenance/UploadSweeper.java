package com.aisaas.maintenance;

import com.aisaas.common.Json;
import com.aisaas.common.Scope;
import com.aisaas.config.MaintenanceSettings;
import com.aisaas.db.Database;
import com.aisaas.db.DeadLetterRows;
import com.aisaas.db.RowSecurity;
import com.aisaas.db.SqlTime;
import com.aisaas.events.Outbox;
import com.aisaas.files.BlobPaths;
import com.aisaas.lifecycle.LifecycleHandler;
import com.aisaas.processing.UploadProcessor;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes every gap the event path can leave, so that each acknowledged upload reaches {@code ready}, {@code rejected}
 * or {@code failed} with a dead letter once the faults around it have cleared (runs every UPLOAD_SWEEP_SCHEDULE,
 * one instance at a time):
 * <ul>
 *   <li><b>Re-drives</b> {@code pending} files whose blob exists (their storage event was lost, or the host's tries
 *       ran out while storage or PostgreSQL was down) and {@code processing} files whose claim lapsed or was released
 *       (the attempt crashed or failed), once they have been left alone for UPLOAD_SWEEP_MIN_AGE_SECONDS: through the
 *       same {@link UploadProcessor} as the trigger, so claims, attempts and outcomes are the same. A dependency
 *       that is still down leaves the file for the next run (an outage uses up no attempt).</li>
 *   <li><b>Gives up</b> on an upload still unfinished UPLOAD_GIVE_UP_HOURS after it was created: {@code failed}
 *       with a dead letter (replayable), never pending for ever.</li>
 *   <li><b>Ingests Event Grid's dead letters</b> (container {@value #EVENTGRID_DEAD_LETTERS}, one JSON array of
 *       events per blob) into {@code dead_letters} (source {@value LifecycleHandler#SOURCE}, once per event id,
 *       with the tenant of the blob's file), then deletes the blob, so the replay API covers them.</li>
 *   <li><b>Ingests the host's poison messages</b> ({@link PoisonQueue}, {@value PoisonQueue#NAME}): a blob whose
 *       function failed every try becomes a dead letter (source {@value #POISON_SOURCE}) under the scope of its file,
 *       once per blob and eTag however often the message arrives, then the message is deleted. A file already
 *       final needs none; a message that names no file, or cannot be read, becomes a dead letter of no tenant.</li>
 *   <li><b>Relays the outbox</b>: events whose delivery right after their change failed (Redis or the Event Grid
 *       topic was down) are delivered now, or later with backoff ({@link Outbox#relay}).</li>
 *   <li><b>Alerts</b> ({@value #BACKLOG_ALERT}) while more uploads than UPLOAD_BACKLOG_ALERT_COUNT are left
 *       unfinished after a run, or the oldest has waited UPLOAD_BACKLOG_ALERT_MINUTES; clears it when a run ends
 *       below both.</li>
 * </ul>
 * Candidates are found as the maintenance role (they cross tenants); each file is then processed under its own
 * scope. Each run is reported in {@code maintenance_runs} (kind {@value #KIND}).
 */
public final class UploadSweeper {

    public static final String JOB = "upload-sweep";
    public static final String KIND = "upload-sweep";
    public static final String BACKLOG_ALERT = "uploads.backlog";
    public static final String EVENTGRID_DEAD_LETTERS = "eventgrid-deadletter";
    /** The dead-letter source of the host's poison messages; replayed like a failed upload. */
    public static final String POISON_SOURCE = UploadProcessor.POISON_SOURCE;
    /** How long a received poison message stays hidden from another run (it comes back if this run dies). */
    static final Duration POISON_VISIBILITY = Duration.ofMinutes(2);
    static final int SAMPLE_SIZE = 20;

    private static final Logger log = LoggerFactory.getLogger(UploadSweeper.class);

    private final Database maintenance;
    private final MaintenanceBlobs blobs;
    private final Function<String, UploadProcessor.Result> redrive;
    private final BiFunction<String, String, UploadProcessor.Result> giveUp;
    private final Outbox outbox;
    private final Alerts alerts;
    private final MaintenanceSettings.UploadSweep settings;
    private final Clock clock;
    private final MaintenanceRuns runs;
    private final Database runtime;
    private final PoisonQueue poison;

    /**
     * @param maintenance the maintenance role's database (finding candidates across tenants)
     * @param redrive     processes the blob at a blob path ({@link UploadProcessor#process})
     * @param giveUp      fails the file of a blob path with a reason ({@link UploadProcessor#giveUp})
     * @param outbox      whose undelivered events each run relays
     */
    public UploadSweeper(Database maintenance, MaintenanceBlobs blobs, Function<String, UploadProcessor.Result> redrive,
                         BiFunction<String, String, UploadProcessor.Result> giveUp, Outbox outbox, Alerts alerts,
                         MaintenanceSettings.UploadSweep settings, Clock clock) {
        this(maintenance, blobs, redrive, giveUp, outbox, alerts, settings, clock, null, PoisonQueue.none());
    }

    /**
     * @param runtime the runtime role's database: poison dead letters are written under the scope of their file
     *                ({@link RowSecurity#actAsOwnerOfBlob}); may be null only with {@link PoisonQueue#none()}
     * @param poison  the blob trigger's poison queue
     */
    public UploadSweeper(Database maintenance, MaintenanceBlobs blobs, Function<String, UploadProcessor.Result> redrive,
                         BiFunction<String, String, UploadProcessor.Result> giveUp, Outbox outbox, Alerts alerts,
                         MaintenanceSettings.UploadSweep settings, Clock clock, Database runtime, PoisonQueue poison) {
        this.poison = Objects.requireNonNull(poison, "poison");
        this.runtime = runtime;
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.redrive = Objects.requireNonNull(redrive, "redrive");
        this.giveUp = Objects.requireNonNull(giveUp, "giveUp");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.runs = new MaintenanceRuns(maintenance, clock);
    }

    private record Candidate(UUID id, String blobPath, String status, Instant createdAt,
                             Instant updatedAt) {
    }

    /** Files whose processing claim lapsed (its attempt died or gave up without releasing it). */
    private static final String LAPSED_CLAIMS =
            "status = 'processing' and (processing_claimed_until is null or processing_claimed_until <= ?)";
    /** Files waiting for their upload, or uploaded with no attempt yet (the event lost, the host's tries spent). */
    private static final String PENDING = "status = 'pending'";
    /**
     * Pages of pending files one run looks at (each file a blob existence check): enough to see past the sessions a
     * burst of failed uploads leaves behind, bounded so one run stays short.
     */
    static final int PENDING_PAGES_PER_RUN = 5;

    /**
     * Sweeps once. Counts: {@code candidates}, {@code redriven}, {@code ready}, {@code rejected}, {@code failed},
     * {@code alreadyDone}, {@code postponed}, {@code retryLater}, {@code pendingWithoutBlob}, {@code gaveUp},
     * {@code backlog}, {@code deadLettersIngested}, {@code poisonMessages}, {@code poisonDeadLetters},
     * {@code poisonDuplicates}, {@code poisonAlreadyFinal}, {@code poisonUnknownBlob}, {@code poisonUnreadable},
     * {@code poisonRetryLater}; details: samples and the oldest backlog age.
     *
     * @throws com.aisaas.common.DependencyException when PostgreSQL fails (reported as a failed run)
     */
    public MaintenanceRun run() {
        return runs.run(KIND, report -> {
            Instant startedAt = report.startedAt();
            Backlog backlog = new Backlog();
            report.count("candidates", 0);
            // lapsed claims first: always work to do, and never starved by upload sessions still waiting for a blob;
            // then pending files, oldest first, page after page, so sessions abandoned without an upload (pending
            // until reconciliation expires them) do not hide a pending file whose blob is there
            sweepAll(candidates(startedAt, LAPSED_CLAIMS, null, settings.batchSize()), startedAt, report, backlog);
            Candidate after = null;
            for (int page = 0; page < PENDING_PAGES_PER_RUN; page++) {
                List<Candidate> found = candidates(startedAt, PENDING, after, settings.batchSize());
                sweepAll(found, startedAt, report, backlog);
                if (found.size() < settings.batchSize()) {
                    break;
                }
                after = found.get(found.size() - 1);
            }
            long left = backlog.left;
            Instant oldestLeft = backlog.oldest;
            ingestEventGridDeadLetters(report);
            ingestPoisonMessages(report);
            Outbox.Relayed relayed = outbox.relay(maintenance, settings.batchSize());
            report.count("eventsRelayed", relayed.delivered());
            report.count("eventsNotYetDelivered", relayed.failed());
            report.count("backlog", left);
            Duration oldestAge = oldestLeft == null ? Duration.ZERO : Duration.between(oldestLeft, startedAt);
            report.detail("oldestBacklogSeconds", oldestAge.toSeconds());
            alertOnBacklog(left, oldestAge);
        });
    }

    private record Outcome(boolean finished) {
    }

    private Outcome sweep(Candidate candidate, Instant now, MaintenanceRuns.Report report) {
        String path = candidate.blobPath();
        try {
            if (candidate.createdAt().isBefore(now.minus(settings.giveUpAfter()))) {
                UploadProcessor.Result result = giveUp.apply(path, "not processed within "
                        + settings.giveUpAfter().toHours() + " h of its upload");
                report.count("gaveUp", result == UploadProcessor.Result.FAILED ? 1 : 0);
                report.sample("gaveUpBlobPaths", path, SAMPLE_SIZE);
                return new Outcome(result != UploadProcessor.Result.POSTPONED);
            }
            if (candidate.status().equals("pending")
                    && !blobs.exists(BlobPaths.UPLOADS_CONTAINER, BlobPaths.blobName(path))) {
                report.count("pendingWithoutBlob", 1); // still being uploaded, or abandoned (reconciliation's)
                return new Outcome(true);
            }
            UploadProcessor.Result result = redrive.apply(path);
            report.count("redriven", 1);
            report.count(camel(result), 1);
            report.sample("redrivenBlobPaths", path, SAMPLE_SIZE);
            return new Outcome(result != UploadProcessor.Result.POSTPONED);
        } catch (RuntimeException e) {
            // a dependency still down, or this one file: the next run tries again
            report.count("retryLater", 1);
            report.sample("retryLaterBlobPaths", path, SAMPLE_SIZE);
            log.warn("upload sweep: {} left for the next run: {}", path, e.getMessage());
            return new Outcome(false);
        }
    }

    /** Files left unfinished by this run, and the upload time of the oldest. */
    private static final class Backlog {
        long left;
        Instant oldest;
    }

    private void sweepAll(List<Candidate> candidates, Instant now, MaintenanceRuns.Report report, Backlog backlog) {
        report.count("candidates", candidates.size());
        for (Candidate candidate : candidates) {
            if (!sweep(candidate, now, report).finished) {
                backlog.left++;
                backlog.oldest = backlog.oldest == null || candidate.createdAt().isBefore(backlog.oldest)
                        ? candidate.createdAt() : backlog.oldest;
            }
        }
    }

    /**
     * Up to {@code limit} files of {@code kind} left alone since MIN_AGE, oldest change first, after {@code after}
     * (keyset on {@code updated_at, id}) when given.
     */
    private List<Candidate> candidates(Instant now, String kind, Candidate after, int limit) {
        Instant settledBefore = now.minus(settings.minAge());
        return maintenance.readOnly(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("select id, blob_path, status, created_at,"
                    + " updated_at from files where updated_at < ? and (" + kind + ")"
                    + (after == null ? "" : " and (updated_at, id) > (?, ?)")
                    + " order by updated_at, id limit ?")) {
                int i = 1;
                statement.setObject(i++, SqlTime.timestamp(settledBefore));
                if (kind.equals(LAPSED_CLAIMS)) {
                    statement.setObject(i++, SqlTime.timestamp(now));
                }
                if (after != null) {
                    statement.setObject(i++, SqlTime.timestamp(after.updatedAt()));
                    statement.setObject(i++, after.id());
                }
                statement.setInt(i, limit);
                List<Candidate> found = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        found.add(new Candidate(rs.getObject("id", UUID.class), rs.getString("blob_path"),
                                rs.getString("status"), SqlTime.instant(rs, "created_at"), SqlTime.instant(rs, "updated_at")));
                    }
                }
                return found;
            }
        });
    }

    /** Each dead-lettered event becomes a dead letter the replay API covers; its blob is deleted afterwards. */
    private void ingestEventGridDeadLetters(MaintenanceRuns.Report report) {
        Iterator<MaintenanceBlobs.BlobEntry> listed = blobs.list(EVENTGRID_DEAD_LETTERS, settings.batchSize());
        int seen = 0;
        while (listed.hasNext() && seen++ < settings.batchSize()) {
            MaintenanceBlobs.BlobEntry entry = listed.next();
            JsonNode events;
            try {
                events = Json.mapper().readTree(blobs.read(EVENTGRID_DEAD_LETTERS, entry.name()));
            } catch (java.io.IOException | RuntimeException e) {
                log.warn("upload sweep: dead-lettered event blob {} unreadable: {}", entry.name(), e.toString());
                report.count("deadLetterBlobsUnreadable", 1);
                continue;
            }
            for (JsonNode event : events.isArray() ? events : Json.mapper().createArrayNode().add(events)) {
                if (record(event, entry.name())) {
                    report.count("deadLettersIngested", 1);
                    report.sample("ingestedEventIds", event.path("id").asText(), SAMPLE_SIZE);
                }
            }
            blobs.deleteIfExists(EVENTGRID_DEAD_LETTERS, entry.name());
        }
    }

    private boolean record(JsonNode event, String blobName) {
        String id = event.path("id").asText(null);
        String subject = event.path("subject").asText("");
        String reason = "Event Grid dead-lettered it: " + event.path("deadLetterReason").asText("unknown reason")
                + " after " + event.path("deliveryAttempts").asInt(0) + " attempt(s)"
                + " (" + subscriptionOf(blobName) + ")";
        return maintenance.inTransaction(connection -> {
            Scope scope = scopeOf(connection, blobPathOf(subject)).orElse(null);
            return DeadLetterRows.insert(connection, scope, LifecycleHandler.SOURCE, id, Json.write(event), reason,
                    event.path("deliveryAttempts").asInt(0), id == null ? List.of() : List.of(id), false);
        });
    }

    private enum PoisonOutcome { RECORDED, RECORDED_NO_FILE, RECORDED_UNREADABLE, DUPLICATE, ALREADY_FINAL }

    /**
     * Each poison message becomes a dead letter ({@value #POISON_SOURCE}) and is deleted once its row is committed. A
     * message whose row could not be written stays (hidden for {@link #POISON_VISIBILITY}) for the next run; a queue
     * that cannot be read is left for the next run too, without failing this one.
     */
    private void ingestPoisonMessages(MaintenanceRuns.Report report) {
        List<PoisonQueue.Message> messages;
        try {
            messages = poison.receive(settings.batchSize(), POISON_VISIBILITY);
        } catch (RuntimeException e) {
            report.count("poisonQueueUnavailable", 1);
            log.warn("upload sweep: the poison queue cannot be read now: {}", e.getMessage());
            return;
        }
        for (PoisonQueue.Message message : messages) {
            report.count("poisonMessages", 1);
            try {
                PoisonOutcome outcome = recordPoison(message);
                if (outcome == PoisonOutcome.RECORDED_NO_FILE) {
                    report.count("poisonUnknownBlob", 1);
                } else if (outcome == PoisonOutcome.RECORDED_UNREADABLE) {
                    report.count("poisonUnreadable", 1);
                }
                report.count(switch (outcome) {
                    case RECORDED, RECORDED_NO_FILE, RECORDED_UNREADABLE -> "poisonDeadLetters";
                    case DUPLICATE -> "poisonDuplicates";
                    case ALREADY_FINAL -> "poisonAlreadyFinal";
                }, 1);
                poison.delete(message);
                report.sample("poisonMessageIds", message.id(), SAMPLE_SIZE);
            } catch (RuntimeException e) {
                report.count("poisonRetryLater", 1);
                log.warn("upload sweep: poison message {} left for the next run: {}", message.id(), e.getMessage());
            }
        }
    }

    private PoisonOutcome recordPoison(PoisonQueue.Message message) {
        if (runtime == null) {
            throw new IllegalStateException("a poison queue needs the runtime database");
        }
        JsonNode body = null;
        try {
            body = Json.mapper().readTree(message.text());
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("upload sweep: poison message {} is not JSON", message.id());
        }
        String container = body == null ? "" : body.path("ContainerName").asText("");
        String blobName = body == null ? "" : body.path("BlobName").asText("");
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("messageId", message.id());
        payload.put("poisonQueueDequeueCount", message.dequeueCount());
        payload.put("insertedOn", message.insertedOn() == null ? null : message.insertedOn().toString());
        if (container.isEmpty() || blobName.isEmpty()) {
            payload.put("text", message.text());
            String eventId = "message:" + message.id();
            return runtime.inTransaction(connection -> {
                RowSecurity.platform(connection);
                return DeadLetterRows.insert(connection, null, POISON_SOURCE, eventId, Json.write(payload),
                        "the host's poison message names no blob; kept for review", 0,
                        List.of(eventId), true) ? PoisonOutcome.RECORDED_UNREADABLE : PoisonOutcome.DUPLICATE;
            });
        }
        String blobPath = container + "/" + blobName;
        String etag = body.path("ETag").asText("");
        // one dead letter per blob version: a redelivered or repeated message for the same blob and eTag adds none
        String eventId = blobPath + (etag.isEmpty() ? "" : "@" + etag);
        payload.put("blobPath", blobPath);
        payload.put("eTag", etag);
        payload.put("functionId", body.path("FunctionId").asText(null));
        payload.put("message", body);
        String reason = "the Functions host gave up on the blob after its tries (" + body.path("FunctionId").asText("?")
                + "); the message was in " + PoisonQueue.NAME;
        return runtime.inTransaction(connection -> {
            Optional<Scope> scope = RowSecurity.actAsOwnerOfBlob(connection, blobPath);
            if (scope.isEmpty()) {
                RowSecurity.platform(connection);
            } else {
                try (PreparedStatement statement = connection.prepareStatement(
                        "select id, status from files where blob_path = ?")) {
                    statement.setString(1, blobPath);
                    try (ResultSet rs = statement.executeQuery()) {
                        if (rs.next()) {
                            String status = rs.getString(2);
                            if (!status.equals("pending") && !status.equals("processing")) {
                                return PoisonOutcome.ALREADY_FINAL; // ready, rejected, failed (own dead letter), deleted
                            }
                            payload.put("fileId", rs.getObject(1).toString());
                        }
                    }
                }
            }
            boolean inserted = DeadLetterRows.insert(connection, scope.orElse(null), POISON_SOURCE, eventId,
                    Json.write(payload), scope.isEmpty() ? reason + "; no file has this blob" : reason,
                    0, List.of(eventId), true);
            if (!inserted) {
                return PoisonOutcome.DUPLICATE;
            }
            return scope.isEmpty() ? PoisonOutcome.RECORDED_NO_FILE : PoisonOutcome.RECORDED;
        });
    }

    /** {@code /blobServices/default/containers/<c>/blobs/<name>} → {@code <c>/<name>}. */
    static String blobPathOf(String subject) {
        String marker = "/containers/";
        int at = subject.indexOf(marker);
        if (at < 0) {
            return subject;
        }
        return subject.substring(at + marker.length()).replaceFirst("/blobs/", "/");
    }

    /** The subscription segment of {@code <ACCOUNT>/<SUBSCRIPTION>/yyyy/...}. */
    private static String subscriptionOf(String blobName) {
        String[] parts = blobName.split("/");
        return parts.length > 1 ? "subscription " + parts[1].toLowerCase(Locale.ROOT) : "unknown subscription";
    }

    private static Optional<Scope> scopeOf(Connection connection, String blobPath) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select tenant_id, owner_id from files where blob_path = ?")) {
            statement.setString(1, blobPath);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(new Scope(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    private void alertOnBacklog(long left, Duration oldestAge) {
        boolean tooMany = left >= settings.backlogAlertCount();
        boolean tooOld = left > 0 && oldestAge.compareTo(settings.backlogAlertAge()) >= 0;
        if (tooMany || tooOld) {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("unfinished", left);
            facts.put("oldestSeconds", oldestAge.toSeconds());
            facts.put("countThreshold", settings.backlogAlertCount());
            facts.put("ageThresholdSeconds", settings.backlogAlertAge().toSeconds());
            alerts.raise(new Breach(BACKLOG_ALERT, "uploads", left + " uploads are still unfinished after a sweep,"
                    + " the oldest for " + oldestAge.toMinutes() + " min", facts));
        } else {
            alerts.clear(BACKLOG_ALERT);
        }
    }

    private static String camel(UploadProcessor.Result result) {
        String[] words = result.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder name = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return name.toString();
    }

}
