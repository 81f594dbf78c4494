package com.aisaas.backup;

import com.aisaas.common.Json;
import com.aisaas.db.Database;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The {@code backup_runs} table: what export, verification and prune did, and when. */
final class BackupRuns {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final Database database;

    BackupRuns(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** Records a run as running; returns its id. */
    long start(String kind, Instant now, Optional<String> manifestPath, Map<String, Object> details) {
        return database.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    insert into backup_runs (kind, started_at, status, manifest_path, details)
                    values (?, ?, 'running', ?, ?::jsonb) returning id""")) {
                statement.setString(1, kind);
                statement.setTimestamp(2, Timestamp.from(now));
                statement.setString(3, manifestPath.orElse(null));
                statement.setString(4, Json.write(details));
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Records the outcome of run {@code id} (its details replace the ones given at the start). */
    void finish(long id, boolean succeeded, Instant now, Map<String, Object> details) {
        database.query(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    update backup_runs set status = ?, finished_at = ?, details = ?::jsonb where id = ?""")) {
                statement.setString(1, succeeded ? BackupRun.SUCCEEDED : BackupRun.FAILED);
                statement.setTimestamp(2, Timestamp.from(now));
                statement.setString(3, Json.write(details));
                statement.setLong(4, id);
                return statement.executeUpdate();
            }
        });
    }

    /** The SHA-256 of the manifest the successful export {@code runId} wrote, if this database recorded it. */
    Optional<String> manifestSha256(BackupRunId runId) {
        return database.readOnly(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    select details->>'manifestSha256' from backup_runs
                     where kind = 'export' and status = 'succeeded' and details->>'runId' = ?
                     order by id desc limit 1""")) {
                statement.setString(1, runId.value());
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** The backups that a verification passed for. */
    Set<BackupRunId> verified() {
        return database.readOnly(connection -> {
            Set<BackupRunId> ids = new LinkedHashSet<>();
            try (PreparedStatement statement = connection.prepareStatement("""
                    select distinct details->>'runId' from backup_runs
                     where kind = 'verify' and status = 'succeeded' and details->>'runId' is not null""");
                 ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    BackupRunId.tryParse(rs.getString(1)).ifPresent(ids::add);
                }
            }
            return ids;
        });
    }

    /** The newest runs, newest first, optionally of one kind. */
    List<BackupRun> recent(Optional<String> kind, int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000");
        }
        return database.readOnly(connection -> {
            List<BackupRun> runs = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("""
                    select id, kind, status, started_at, finished_at, manifest_path, details::text
                      from backup_runs where (?::text is null or kind = ?)
                     order by started_at desc, id desc limit ?""")) {
                statement.setString(1, kind.orElse(null));
                statement.setString(2, kind.orElse(null));
                statement.setInt(3, limit);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        runs.add(new BackupRun(rs.getLong(1), rs.getString(2), rs.getString(3),
                                rs.getTimestamp(4).toInstant(),
                                Optional.ofNullable(rs.getTimestamp(5)).map(Timestamp::toInstant),
                                Optional.ofNullable(rs.getString(6)), parse(rs.getString(7))));
                    }
                }
            }
            return runs;
        });
    }

    private static Map<String, Object> parse(String json) throws SQLException {
        try {
            Map<String, Object> map = Json.mapper().readValue(json, MAP);
            return map == null ? Map.of() : map;
        } catch (java.io.IOException e) {
            throw new SQLException("backup_runs.details is not a JSON object", e);
        }
    }
}
