package com.aisaas.maintenance;

import com.aisaas.common.Json;
import com.aisaas.db.Database;
import com.aisaas.db.SqlTime;
import com.aisaas.events.DomainEvent;
import com.aisaas.events.EventPublisher;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises and clears alerts, once per episode across instances and restarts.
 *
 * <p>Open alerts live in the {@code alerts} table; the partial unique index on open keys makes "raise once" one
 * conflicting insert. A new episode is announced once, in three ways: one structured log line at ERROR level
 * (fields {@code alertKey}, {@code component}, {@code alertDetails}), a JSON POST to ALERT_WEBHOOK_URL when set,
 * and a {@value #RAISED} event through the {@link EventPublisher}. Later sightings only move {@code last_seen} and
 * {@code occurrences}. Clearing announces once more ({@value #CLEARED}, log at INFO).
 *
 * <p>While the database itself cannot be reached the episode state is unknown: {@link #apply} then announces every
 * breach it is given (unsuppressed, marked {@code "suppression": "unavailable"}) and clears nothing.
 */
public final class Alerts {

    public static final String RAISED = "AISaaS.Maintenance.AlertRaised";
    public static final String CLEARED = "AISaaS.Maintenance.AlertCleared";

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);
    private static final String COLUMNS =
            "id, alert_key, component, message, opened_at, last_seen, cleared_at, occurrences, details";

    private final Supplier<Database> database;
    private final Optional<AlertWebhook> webhook;
    private final EventPublisher events;
    private final Clock clock;

    /**
     * @param database supplies the database (called per use, so that alerts work while it cannot be built)
     */
    public Alerts(Supplier<Database> database, Optional<URI> webhookUrl, EventPublisher events, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.webhook = Objects.requireNonNull(webhookUrl, "webhookUrl").map(AlertWebhook::new);
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What {@link #apply} did: keys newly raised (announced), still open (suppressed), cleared (announced). */
    public record Outcome(List<String> raised, List<String> stillOpen, List<String> cleared) {
        public Outcome {
            raised = List.copyOf(raised);
            stillOpen = List.copyOf(stillOpen);
            cleared = List.copyOf(cleared);
        }
    }

    /**
     * Applies one evaluation: each breach is raised (announced only if no episode of its key is open), and each
     * open alert whose key was {@code evaluated} but is not breached now is cleared (announced). Keys not evaluated
     * (say, measurements that could not be taken) keep their state. Never throws for a failing database or webhook.
     */
    public Outcome apply(Collection<Breach> breaches, Collection<String> evaluated) {
        Instant now = now();
        List<String> raised = new ArrayList<>();
        List<String> stillOpen = new ArrayList<>();
        List<String> cleared = new ArrayList<>();
        Set<String> breached = new LinkedHashSet<>();
        try {
            for (Breach breach : breaches) {
                breached.add(breach.key());
                Optional<Alert> opened = database.get().inTransaction(connection -> record(connection, breach, now));
                if (opened.isPresent()) {
                    raised.add(breach.key());
                    announceRaised(opened.get(), false);
                } else {
                    stillOpen.add(breach.key());
                }
            }
            for (Alert open : open()) {
                if (evaluated.contains(open.key()) && !breached.contains(open.key())) {
                    Optional<Alert> closed = database.get().inTransaction(connection -> clear(connection, open.key(), now));
                    if (closed.isPresent()) {
                        cleared.add(open.key());
                        announceCleared(closed.get());
                    }
                }
            }
        } catch (RuntimeException e) {
            log.error("alert state unavailable ({}); announcing every current breach without suppression",
                    e.getMessage());
            for (Breach breach : breaches) {
                if (!raised.contains(breach.key()) && !stillOpen.contains(breach.key())) {
                    raised.add(breach.key());
                    announceRaised(new Alert(0, breach.key(), breach.component(), breach.message(), now, now, null,
                            1, breach.details()), true);
                }
            }
        }
        return new Outcome(raised, stillOpen, cleared);
    }

    /** Raises one breach; true when it opened a new episode (and announced it). */
    public boolean raise(Breach breach) {
        return apply(List.of(breach), List.of(breach.key())).raised().contains(breach.key());
    }

    /** Clears the open alert of {@code key}; true when one was open (and the clearing was announced). */
    public boolean clear(String key) {
        Optional<Alert> closed = database.get().inTransaction(connection -> clear(connection, key, now()));
        closed.ifPresent(this::announceCleared);
        return closed.isPresent();
    }

    /** Open alerts, oldest first. */
    public List<Alert> open() {
        return database.get().readOnly(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("select " + COLUMNS
                    + " from alerts where cleared_at is null order by opened_at, id")) {
                return read(statement);
            }
        });
    }

    /** The latest {@code limit} alert episodes (open or cleared), newest first. */
    public List<Alert> recent(int limit) {
        int rows = MaintenanceReports.checkLimit(limit);
        return database.get().readOnly(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("select " + COLUMNS
                    + " from alerts order by opened_at desc, id desc limit ?")) {
                statement.setInt(1, rows);
                return read(statement);
            }
        });
    }

    private static Optional<Alert> record(Connection connection, Breach breach, Instant now) throws SQLException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try (PreparedStatement insert = connection.prepareStatement("insert into alerts (alert_key, component,"
                    + " message, opened_at, last_seen, details) values (?, ?, ?, ?, ?, ?::jsonb)"
                    + " on conflict (alert_key) where cleared_at is null do nothing returning " + COLUMNS)) {
                insert.setString(1, breach.key());
                insert.setString(2, breach.component());
                insert.setString(3, breach.message());
                insert.setObject(4, SqlTime.timestamp(now));
                insert.setObject(5, SqlTime.timestamp(now));
                insert.setString(6, Json.write(breach.details()));
                List<Alert> inserted = read(insert);
                if (!inserted.isEmpty()) {
                    return Optional.of(inserted.get(0));
                }
            }
            try (PreparedStatement update = connection.prepareStatement("update alerts set last_seen = ?,"
                    + " occurrences = occurrences + 1, message = ?, details = ?::jsonb"
                    + " where alert_key = ? and cleared_at is null")) {
                update.setObject(1, SqlTime.timestamp(now));
                update.setString(2, breach.message());
                update.setString(3, Json.write(breach.details()));
                update.setString(4, breach.key());
                if (update.executeUpdate() > 0) {
                    return Optional.empty();
                }
            }
            // cleared by another instance between the two statements: open a new episode
        }
        return Optional.empty();
    }

    private static Optional<Alert> clear(Connection connection, String key, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("update alerts set cleared_at = ?"
                + " where alert_key = ? and cleared_at is null returning " + COLUMNS)) {
            statement.setObject(1, SqlTime.timestamp(now));
            statement.setString(2, key);
            List<Alert> rows = read(statement);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        }
    }

    static List<Alert> read(PreparedStatement statement) throws SQLException {
        List<Alert> alerts = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                alerts.add(new Alert(rs.getLong("id"), rs.getString("alert_key"), rs.getString("component"),
                        rs.getString("message"), SqlTime.instant(rs, "opened_at"), SqlTime.instant(rs, "last_seen"),
                        SqlTime.instant(rs, "cleared_at"), rs.getInt("occurrences"), Sql.json(rs, "details")));
            }
        }
        return alerts;
    }

    private void announceRaised(Alert alert, boolean unsuppressed) {
        Map<String, Object> body = body(alert, "raised");
        if (unsuppressed) {
            body.put("suppression", "unavailable");
        }
        log.atError()
                .addKeyValue("alertKey", alert.key())
                .addKeyValue("component", alert.component())
                .addKeyValue("alertDetails", alert.details())
                .log("ALERT raised {}: {} {}", alert.key(), alert.message(), Json.write(alert.details()));
        notify(RAISED, alert, body);
    }

    private void announceCleared(Alert alert) {
        log.atInfo()
                .addKeyValue("alertKey", alert.key())
                .addKeyValue("component", alert.component())
                .log("ALERT cleared {} (open since {}, seen {} times)", alert.key(), alert.openedAt(),
                        alert.occurrences());
        notify(CLEARED, alert, body(alert, "cleared"));
    }

    private void notify(String type, Alert alert, Map<String, Object> body) {
        webhook.ifPresent(hook -> hook.post(body));
        try {
            events.publish(new DomainEvent(UUID.randomUUID().toString(), type, "alerts/" + alert.key(), now(),
                    body));
        } catch (RuntimeException e) {
            // the publisher promises not to throw; a broken one must not stop the sweep either
            log.warn("publishing {} for {} failed: {}", type, alert.key(), e.toString());
        }
    }

    private static Map<String, Object> body(Alert alert, String state) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "raised".equals(state) ? RAISED : CLEARED);
        body.put("state", state);
        body.put("key", alert.key());
        body.put("component", alert.component());
        body.put("message", alert.message());
        body.put("openedAt", alert.openedAt().toString());
        if (alert.clearedAt() != null) {
            body.put("clearedAt", alert.clearedAt().toString());
        }
        body.put("occurrences", alert.occurrences());
        body.put("details", withoutNulls(alert.details()));
        body.put("service", "aisaas-functions");
        return body;
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
