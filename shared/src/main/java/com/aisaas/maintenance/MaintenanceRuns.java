package com.aisaas.maintenance;

import com.aisaas.common.Json;
import com.aisaas.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** Writes the {@code maintenance_runs} reports: a row when a run starts, its outcome when it ends. */
final class MaintenanceRuns {

    private final Database database;

    MaintenanceRuns(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    long start(String kind, Instant startedAt) {
        return database.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("insert into maintenance_runs (kind,"
                    + " started_at) values (?, ?) returning id")) {
                statement.setString(1, kind);
                statement.setObject(2, Sql.timestamp(startedAt));
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    void finish(long id, String status, Map<String, ?> counts, Map<String, ?> details, Instant finishedAt) {
        database.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("update maintenance_runs set status = ?,"
                    + " finished_at = ?, counts = ?::jsonb, details = ?::jsonb where id = ?")) {
                statement.setString(1, status);
                statement.setObject(2, Sql.timestamp(finishedAt));
                statement.setString(3, Json.write(counts));
                statement.setString(4, Json.write(details));
                statement.setLong(5, id);
                statement.executeUpdate();
            }
            return null;
        });
    }
}
