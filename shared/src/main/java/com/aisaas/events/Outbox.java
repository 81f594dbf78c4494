package com.aisaas.events;

import static com.aisaas.db.SqlTime.instant;
import static com.aisaas.db.SqlTime.timestamp;

import com.aisaas.common.Json;
import com.aisaas.common.Scope;
import com.aisaas.db.Database;
import com.aisaas.db.RowSecurity;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional outbox (table {@code outbox}, V7__outbox.sql): events written in the same transaction as the
 * change they announce, delivered at least once.
 *
 * <ul>
 *   <li>{@link #append} in the writer's transaction (under its scope);</li>
 *   <li>{@link #deliverNow} right after commit: one try, marked delivered on success; a failure leaves the event to
 *       the relay;</li>
 *   <li>{@link #relay} (the maintenance role, from the upload sweeper): due events oldest first, each delivered and
 *       marked, or retried later with exponential backoff (1 s doubling to {@value #MAX_BACKOFF_SECONDS} s).</li>
 * </ul>
 * The event id is the row id: a destination may see an event twice (a delivery that succeeded but was not marked,
 * or one destination of two that failed), never lose it; consumers deduplicate by id. Order: events of one file are
 * written in the order of its changes and the relay sends the due ones oldest first, but an event that fails and is
 * retried may arrive after a newer one; each carries the file's state, so a consumer keeps the newest by
 * {@code time}.
 */
public final class Outbox {

    static final long MAX_BACKOFF_SECONDS = 300;
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final Database runtime;
    private final EventPublisher publisher;
    private final Clock clock;

    /** @param runtime the runtime role's database (appends and marks happen under the writer's scope) */
    public Outbox(Database runtime, EventPublisher publisher, Clock clock) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Writes {@code event} in the caller's transaction, which has declared {@code scope}. */
    public static void append(Connection connection, Scope scope, DomainEvent event) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("insert into outbox (id, tenant_id, owner_id,"
                + " event_type, subject, occurred_at, data, next_attempt_at) values (?, ?, ?, ?, ?, ?, ?::jsonb, ?)")) {
            statement.setObject(1, UUID.fromString(event.id()));
            statement.setString(2, scope.tenantId());
            statement.setString(3, scope.ownerId());
            statement.setString(4, event.type());
            statement.setString(5, event.subject());
            statement.setObject(6, timestamp(event.time()));
            statement.setString(7, Json.write(event.data()));
            statement.setObject(8, timestamp(event.time())); // due at once
            statement.executeUpdate();
        }
    }

    /**
     * Delivers an event that {@link #append} wrote and its transaction committed; never throws. True when it was
     * delivered and marked; false leaves it to the relay.
     */
    public boolean deliverNow(Scope scope, DomainEvent event) {
        try {
            publisher.deliver(event);
        } catch (RuntimeException e) {
            log.warn("event {} {} not delivered now ({}); the outbox relay delivers it", event.type(), event.id(),
                    e.getMessage());
            return false;
        }
        try {
            runtime.inTransaction(connection -> {
                RowSecurity.actAs(connection, scope);
                return mark(connection, UUID.fromString(event.id()), now());
            });
            return true;
        } catch (RuntimeException e) {
            log.warn("event {} delivered but not marked ({}); the relay may deliver it again", event.id(),
                    e.getMessage());
            return false;
        }
    }

    /** What one relay pass did. */
    public record Relayed(int delivered, int failed) {
    }

    /**
     * Delivers up to {@code batch} due events, oldest first, as {@code maintenance} (the maintenance role's
     * database); each is marked delivered or given its next attempt time.
     */
    public Relayed relay(Database maintenance, int batch) {
        Instant now = now();
        List<DomainEvent> due = maintenance.readOnly(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("select id, event_type, subject,"
                    + " occurred_at, data::text from outbox where delivered_at is null and next_attempt_at <= ?"
                    + " order by next_attempt_at, created_at limit ?")) {
                statement.setObject(1, timestamp(now));
                statement.setInt(2, batch);
                List<DomainEvent> events = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        events.add(new DomainEvent(rs.getString(1), rs.getString(2), rs.getString(3),
                                instant(rs, 4), data(rs.getString(5))));
                    }
                }
                return events;
            }
        });
        int delivered = 0;
        int failed = 0;
        for (DomainEvent event : due) {
            UUID id = UUID.fromString(event.id());
            try {
                publisher.deliver(event);
            } catch (RuntimeException e) {
                failed++;
                maintenance.inTransaction(connection -> retryLater(connection, id, e.getMessage(), now));
                continue;
            }
            delivered++;
            maintenance.inTransaction(connection -> mark(connection, id, now));
        }
        if (!due.isEmpty()) {
            log.info("outbox relay: {} delivered, {} left for a later try", delivered, failed);
        }
        return new Relayed(delivered, failed);
    }

    private static int mark(Connection connection, UUID id, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "update outbox set delivered_at = ?, last_error = null where id = ? and delivered_at is null")) {
            statement.setObject(1, timestamp(now));
            statement.setObject(2, id);
            return statement.executeUpdate();
        }
    }

    private static int retryLater(Connection connection, UUID id, String error, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("update outbox set attempts = attempts + 1,"
                + " last_error = ?, next_attempt_at = ? + least(power(2, attempts), ?) * interval '1 second'"
                + " where id = ? and delivered_at is null")) {
            statement.setString(1, error == null ? null : error.substring(0, Math.min(error.length(), 1000)));
            statement.setObject(2, timestamp(now));
            statement.setLong(3, MAX_BACKOFF_SECONDS);
            statement.setObject(4, id);
            return statement.executeUpdate();
        }
    }

    private static Map<String, Object> data(String json) throws SQLException {
        try {
            return Json.mapper().readValue(json, JSON_OBJECT);
        } catch (JsonProcessingException e) {
            throw new SQLException("outbox.data is not a JSON object", e);
        }
    }

    private Instant now() {
        return clock.instant();
    }
}
