package com.aisaas.deadletters;

import com.aisaas.common.ConflictException;
import com.aisaas.common.Json;
import com.aisaas.common.NotFoundException;
import com.aisaas.common.UnprocessableException;
import com.aisaas.common.ValidationException;
import com.aisaas.db.Database;
import com.aisaas.db.RowSecurity;
import com.aisaas.db.SqlTime;
import com.aisaas.files.BlobPaths;
import com.aisaas.lifecycle.LifecycleHandler;
import com.aisaas.lifecycle.StorageEvents;
import com.aisaas.processing.UploadProcessor;
import com.aisaas.storage.BlobStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work that was given up (poison uploads, orphan blobs, events that could not be handled): listed for operators,
 * newest first, and replayed one at a time once the cause is fixed. A replay runs the work again through the same
 * code as the first time ({@link UploadProcessor}, {@link LifecycleHandler}) and marks the dead letter replayed; a
 * dead letter is replayed at most once (a second replay is a 409), and a replay that gives up again writes a new
 * dead letter.
 */
public final class DeadLetters {

    public static final int MAX_LIMIT = 100;
    private static final Pattern CURSOR = Pattern.compile("[1-9][0-9]{0,18}");
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final Database database;
    private final UploadProcessor processor;
    private final LifecycleHandler lifecycle;
    private final BlobStore blobs;
    private final Clock clock;

    public DeadLetters(Database database, UploadProcessor processor, LifecycleHandler lifecycle, BlobStore blobs,
                       Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.processor = Objects.requireNonNull(processor, "processor");
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One dead letter; {@code payload} is what is needed to do the work again. */
    public record DeadLetter(long id, String source, String eventId, JsonNode payload, String reason, int attempts,
                             Instant createdAt, Instant replayedAt) {
    }

    /** A page, newest first; {@code nextCursor} is absent on the last page. */
    public record Page(List<DeadLetter> items, String nextCursor) {
    }

    /** What a replay did: {@code outcome} is the processing result or the lifecycle outcome, lower case. */
    public record Replay(long id, String source, String outcome, Instant replayedAt) {
    }

    /**
     * @param tenant  a tenant administrator's tenant: only that tenant's dead letters; empty for an operator, who
     *                sees every tenant's and those of no tenant
     * @param source  only this source ({@code upload-failed}, {@code upload-orphan}, {@code storage-lifecycle}, ...)
     * @param pending only those not replayed yet
     * @param cursor  the {@code nextCursor} of the previous page
     */
    public Page list(Optional<String> tenant, Optional<String> source, boolean pending, Optional<String> cursor,
                     int limit) {
        Objects.requireNonNull(tenant, "tenant");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("limit must be between 1 and " + MAX_LIMIT);
        }
        long before = cursor.map(c -> {
            if (!CURSOR.matcher(c).matches()) {
                throw new ValidationException("cursor is not a cursor of this list");
            }
            return Long.parseLong(c);
        }).orElse(Long.MAX_VALUE);
        return database.readOnly(connection -> {
            declare(connection, tenant);
            try (PreparedStatement statement = connection.prepareStatement("select id, source, event_id,"
                    + " payload::text, reason, attempts, created_at, replayed_at from dead_letters where id < ?"
                    + " and (?::text is null or tenant_id = ?)"
                    + " and (?::text is null or source = ?) and (not ? or replayed_at is null)"
                    + " order by id desc limit ?")) {
                statement.setLong(1, before);
                statement.setString(2, tenant.orElse(null));
                statement.setString(3, tenant.orElse(null));
                statement.setString(4, source.orElse(null));
                statement.setString(5, source.orElse(null));
                statement.setBoolean(6, pending);
                statement.setInt(7, limit + 1);
                List<DeadLetter> items = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        items.add(read(rs));
                    }
                }
                String next = null;
                if (items.size() > limit) {
                    items = new ArrayList<>(items.subList(0, limit));
                    next = Long.toString(items.get(limit - 1).id());
                }
                return new Page(items, next);
            }
        });
    }

    /**
     * Does the work of dead letter {@code id} again, once: the replay is claimed first (a conditional update), so of
     * any number of concurrent requests one does the work and the others get 409. A replay that fails (a dependency
     * is down) gives its claim back, so it can be requested again.
     *
     * @param tenant as for {@link #list}: a tenant administrator replays only their tenant's dead letters
     */
    public Replay replay(Optional<String> tenant, long id) {
        Objects.requireNonNull(tenant, "tenant");
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        DeadLetter letter = database.inTransaction(connection -> {
            declare(connection, tenant);
            DeadLetter found = find(connection, tenant, id)
                    .orElseThrow(() -> new NotFoundException("There is no dead letter " + id + "."));
            if (found.replayedAt() != null) {
                throw new ConflictException("Dead letter " + id + " was already replayed at " + found.replayedAt() + ".");
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "update dead_letters set replayed_at = ? where id = ? and replayed_at is null")) {
                statement.setObject(1, SqlTime.timestamp(now));
                statement.setLong(2, id);
                if (statement.executeUpdate() == 0) {
                    throw new ConflictException("Dead letter " + id + " is being replayed by another request.");
                }
            }
            return found;
        });
        String outcome;
        try {
            outcome = switch (letter.source()) {
                case UploadProcessor.FAILED_SOURCE -> replayFailedUpload(letter);
                case UploadProcessor.ORPHAN_SOURCE -> processBlob(text(letter, "blobPath"));
                case UploadProcessor.POISON_SOURCE -> replayPoisoned(letter);
                case LifecycleHandler.SOURCE -> replayEvent(letter);
                default -> throw new UnprocessableException("Dead letters from " + letter.source()
                        + " cannot be replayed; they are kept for review.");
            };
        } catch (RuntimeException e) {
            unclaim(tenant, id, now, e);
            throw e;
        }
        log.info("dead letter {} ({}) replayed: {}", id, letter.source(), outcome);
        return new Replay(id, letter.source(), outcome, now);
    }

    private void unclaim(Optional<String> tenant, long id, Instant claimedAt, RuntimeException cause) {
        try {
            database.inTransaction(connection -> {
                declare(connection, tenant);
                try (PreparedStatement statement = connection.prepareStatement(
                        "update dead_letters set replayed_at = null where id = ? and replayed_at = ?")) {
                    statement.setLong(1, id);
                    statement.setObject(2, SqlTime.timestamp(claimedAt));
                    statement.executeUpdate();
                }
                return null;
            });
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** A tenant administrator's tenant, or the platform scope of an operator. */
    private static void declare(java.sql.Connection connection, Optional<String> tenant) throws SQLException {
        if (tenant.isPresent()) {
            RowSecurity.tenant(connection, tenant.get());
        } else {
            RowSecurity.platform(connection);
        }
    }

    private String replayFailedUpload(DeadLetter letter) {
        String blobPath = text(letter, "blobPath");
        UUID fileId = UUID.fromString(text(letter, "fileId"));
        database.inTransaction(connection -> {
            if (RowSecurity.actAsOwnerOfBlob(connection, blobPath).isEmpty()) {
                return null; // the file is gone (purged); processing the blob records it as an orphan
            }
            try (PreparedStatement statement = connection.prepareStatement("update files set status = 'pending',"
                    + " processing_attempts = 0, processing_error = null, processing_claim = null,"
                    + " processing_claimed_until = null, rejection_reason = null where id = ? and status = 'failed'")) {
                statement.setObject(1, fileId);
                statement.executeUpdate();
            }
            return null;
        });
        return processBlob(blobPath);
    }

    /**
     * A blob the host gave up on: its file is processed again; one that has failed since (attempts used up) is made
     * {@code pending} first, as for a failed upload. A dead letter that names no blob is kept for review.
     */
    private String replayPoisoned(DeadLetter letter) {
        if (!letter.payload().hasNonNull("blobPath")) {
            throw new UnprocessableException("The poison message named no blob; it is kept for review.");
        }
        String blobPath = text(letter, "blobPath");
        database.inTransaction(connection -> {
            if (RowSecurity.actAsOwnerOfBlob(connection, blobPath).isEmpty()) {
                return null; // no file: processing the blob records it as an orphan
            }
            try (PreparedStatement statement = connection.prepareStatement("update files set status = 'pending',"
                    + " processing_attempts = 0, processing_error = null, processing_claim = null,"
                    + " processing_claimed_until = null where blob_path = ? and status = 'failed'")) {
                statement.setString(1, blobPath);
                statement.executeUpdate();
            }
            return null;
        });
        return processBlob(blobPath);
    }

    private String processBlob(String blobPath) {
        if (!blobPath.startsWith(BlobPaths.UPLOADS_CONTAINER + "/")) {
            throw new UnprocessableException("The dead letter names no uploaded blob.");
        }
        UploadProcessor.Result result = processor.process(blobPath, blobs.content(
                new BlobStore.BlobRef(BlobPaths.UPLOADS_CONTAINER, BlobPaths.blobName(blobPath))));
        return result.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private String replayEvent(DeadLetter letter) {
        if (letter.eventId() == null) {
            throw new UnprocessableException("The delivery could not be read as an event; it is kept for review.");
        }
        database.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "delete from processed_events where event_id = ? and status = 'failed'")) {
                statement.setString(1, letter.eventId());
                statement.executeUpdate();
            }
            return null;
        });
        return lifecycle.handle(StorageEvents.parse(letter.payload())).wire();
    }

    private static Optional<DeadLetter> find(java.sql.Connection connection, Optional<String> tenant, long id)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select id, source, event_id,"
                + " payload::text, reason, attempts, created_at, replayed_at from dead_letters where id = ?"
                + " and (?::text is null or tenant_id = ?) for update")) {
            statement.setLong(1, id);
            statement.setString(2, tenant.orElse(null));
            statement.setString(3, tenant.orElse(null));
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static DeadLetter read(ResultSet rs) throws SQLException {
        JsonNode payload;
        try {
            payload = Json.mapper().readTree(rs.getString(4));
        } catch (JsonProcessingException e) {
            throw new SQLException("dead letter payload is not JSON", e);
        }
        return new DeadLetter(rs.getLong(1), rs.getString(2), rs.getString(3), payload, rs.getString(5), rs.getInt(6),
                SqlTime.instant(rs, 7), SqlTime.instant(rs, 8));
    }

    private static String text(DeadLetter letter, String field) {
        JsonNode value = letter.payload().get(field);
        if (value == null || !value.isTextual()) {
            throw new UnprocessableException("The dead letter has no " + field + "; it cannot be replayed.");
        }
        return value.asText();
    }
}
