package com.aisaas.lifecycle;

import static com.aisaas.db.SqlTime.timestamp;

import com.aisaas.common.Json;
import com.aisaas.common.Scope;
import com.aisaas.db.AuditRows;
import com.aisaas.db.Database;
import com.aisaas.db.DeadLetterRows;
import com.aisaas.db.RowSecurity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** {@link LifecycleRepository} in PostgreSQL, as the runtime role under row-level security. */
final class JdbcLifecycleRepository implements LifecycleRepository {

    static final String ACTOR = "system:storage-lifecycle";

    private final Database database;
    private final Clock clock;

    JdbcLifecycleRepository(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public <T> T inEventTransaction(StorageEvent event, Optional<String> subjectPath, Function<EventRows, T> work) {
        return database.inTransaction(connection -> {
            Rows rows = new Rows(connection, event, declareScope(connection, subjectPath));
            try {
                return work.apply(rows);
            } catch (SqlFailure e) {
                throw e.sqlCause(); // the database's own retry and error mapping see the original failure
            }
        });
    }

    @Override
    public void recordFailedAttempt(StorageEvent event, String error) {
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
                statement.setString(6, error);
                statement.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void giveUp(StorageEvent event, Optional<String> subjectPath, String reason) {
        database.inTransaction(connection -> {
            Optional<Scope> scope = declareScope(connection, subjectPath);
            try (PreparedStatement statement = connection.prepareStatement("insert into processed_events"
                    + " (event_id, event_type, subject, status, attempts, outcome, completed_at)"
                    + " values (?, ?, ?, 'failed', 1, ?, now()) on conflict (event_id) do update"
                    + " set status = 'failed', outcome = excluded.outcome, completed_at = now()")) {
                statement.setString(1, event.id());
                statement.setString(2, event.type());
                statement.setString(3, event.subject());
                statement.setString(4, reason);
                statement.executeUpdate();
            }
            deadLetter(connection, scope, event, reason, 1);
            return null;
        });
    }

    @Override
    public void deadLetterUnreadable(String body, String reason) {
        database.inTransaction(connection -> {
            RowSecurity.platform(connection); // an unreadable delivery belongs to no tenant we know
            DeadLetterRows.insert(connection, null, LifecycleHandler.SOURCE, null, Json.write(Map.of("body", body)),
                    reason, 1, List.of(), false);
            return null;
        });
    }

    /**
     * Runs the rest of the transaction under the scope of the file at {@code subjectPath}, so row-level security
     * holds the event's work to that one owner; without such a file, under the platform scope.
     */
    private static Optional<Scope> declareScope(Connection connection, Optional<String> subjectPath)
            throws SQLException {
        Optional<Scope> scope = subjectPath.isPresent()
                ? RowSecurity.actAsOwnerOfBlob(connection, subjectPath.get()) : Optional.empty();
        if (scope.isEmpty()) {
            RowSecurity.platform(connection);
        }
        return scope;
    }

    private static void deadLetter(Connection connection, Optional<Scope> scope, StorageEvent event, String reason,
                                   int attempts) throws SQLException {
        DeadLetterRows.insert(connection, scope.orElse(null), LifecycleHandler.SOURCE, event.id(), event.json(), reason,
                attempts, List.of(event.id()), true);
    }

    /** One event's transaction. */
    private final class Rows implements EventRows {
        private final Connection connection;
        private final StorageEvent event;
        private final Optional<Scope> scope;

        Rows(Connection connection, StorageEvent event, Optional<Scope> scope) {
            this.connection = connection;
            this.event = event;
            this.scope = scope;
        }

        @Override
        public Optional<Scope> scope() {
            return scope;
        }

        @Override
        public Optional<Integer> claim() {
            return sql(() -> {
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
            });
        }

        @Override
        public boolean appliedLater() {
            if (event.sequencer().isEmpty()) {
                return false;
            }
            String sequencer = event.sequencer().get();
            return sql(() -> {
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
            });
        }

        @Override
        public List<UUID> markDeletedInStorage(String blobPath, String container) {
            return update("update files set status = 'deleted', previous_status = status, deleted_at = ?,"
                            + " metadata = metadata || ?::jsonb where blob_path = ? and blob_container = ?"
                            + " and status in ('pending', 'processing', 'ready', 'failed') and updated_at <= ?",
                    List.of(timestamp(event.time()), Json.write(Map.of("deletedInStorage",
                            Map.of("at", event.time().toString(), "eventId", event.id()))), blobPath, container,
                            timestamp(event.time())));
        }

        @Override
        public List<UUID> changeTier(String blobPath, String container, String tier) {
            return update("update files set access_tier = ? where blob_path = ? and blob_container = ?"
                    + " and status <> 'deleted' and access_tier is distinct from ?",
                    List.of(tier, blobPath, container, tier));
        }

        @Override
        public List<UUID> rename(String from, String to, String container) {
            return update("update files set blob_path = ? where blob_path = ? and blob_container = ?",
                    List.of(to, from, container));
        }

        @Override
        public List<UUID> noteStorageOperation(String blobPath, String container, String api) {
            return update("update files set metadata = metadata || ?::jsonb where blob_path = ? and blob_container = ?"
                            + " and status <> 'deleted'",
                    List.of(Json.write(Map.of("storageOperation", Map.of("api", api,
                            "initiatedAt", event.time().toString()))), blobPath, container));
        }

        @Override
        public void audit(String action, UUID fileId, Map<String, Object> details) {
            sql(() -> {
                AuditRows.insert(connection, scope.orElseThrow(), ACTOR, action, fileId, event.id(), details);
                return null;
            });
        }

        @Override
        public void recordLifecycleRun() {
            sql(() -> {
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
                return null;
            });
        }

        @Override
        public void complete(String status, LifecycleHandler.Outcome outcome) {
            sql(() -> {
                try (PreparedStatement statement = connection.prepareStatement("update processed_events set status = ?,"
                        + " outcome = ?, completed_at = now() where event_id = ?")) {
                    statement.setString(1, status);
                    statement.setString(2, outcome.wire());
                    statement.setString(3, event.id());
                    statement.executeUpdate();
                }
                return null;
            });
        }

        @Override
        public void deadLetter(String reason, int attempts) {
            sql(() -> {
                JdbcLifecycleRepository.deadLetter(connection, scope, event, reason, attempts);
                return null;
            });
        }

        /** Runs {@code sql} with {@code parameters}; the ids of the files it changed. */
        private List<UUID> update(String sql, List<Object> parameters) {
            return sql(() -> {
                List<UUID> changed = new ArrayList<>();
                try (PreparedStatement statement = connection.prepareStatement(sql + " returning id")) {
                    for (int i = 0; i < parameters.size(); i++) {
                        statement.setObject(i + 1, parameters.get(i));
                    }
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            changed.add(rs.getObject(1, UUID.class));
                        }
                    }
                }
                return changed;
            });
        }
    }

    /** A statement of the event's transaction, its SQLException carried out of the callback to the transaction. */
    @FunctionalInterface
    private interface Statement<T> {
        T run() throws SQLException;
    }

    private static <T> T sql(Statement<T> statement) {
        try {
            return statement.run();
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    private static final class SqlFailure extends RuntimeException {
        SqlFailure(SQLException cause) {
            super(cause);
        }

        SQLException sqlCause() {
            return (SQLException) getCause();
        }
    }
}
