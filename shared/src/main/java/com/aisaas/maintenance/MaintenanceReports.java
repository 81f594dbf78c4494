package com.aisaas.maintenance;

import com.aisaas.common.ValidationException;
import com.aisaas.config.HealthSettings;
import com.aisaas.db.Database;
import com.aisaas.db.SqlTime;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the admin endpoints show: health sweep history per component, open and recent alerts, and the reports of
 * retention and reconciliation runs. Lists are newest first, at most {@value #MAX_LIMIT} rows, and page with
 * {@code beforeId} (the id of the last row of the previous page). Reads go to the read replica when one is set.
 * Bad arguments are {@link ValidationException}s (400).
 */
public final class MaintenanceReports {

    public static final int MAX_LIMIT = 500;

    private final Database database;
    private final Alerts alerts;

    public MaintenanceReports(Database database, Alerts alerts) {
        this.database = Objects.requireNonNull(database, "database");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
    }

    /**
     * Recorded component checks, newest first.
     *
     * @param component one of postgres, redis, blob, keyvault; empty for all
     */
    public List<HealthCheckRecord> healthHistory(Optional<String> component, int limit, Optional<Long> beforeId) {
        component.ifPresent(c -> {
            if (!HealthSettings.COMPONENTS.contains(c)) {
                throw new ValidationException("component must be one of " + String.join(", ",
                        HealthSettings.COMPONENTS));
            }
        });
        int rows = checkLimit(limit);
        return database.readOnly(connection -> {
            StringBuilder sql = new StringBuilder("select id, checked_at, component, status, latency_ms, details"
                    + " from health_checks where true");
            component.ifPresent(c -> sql.append(" and component = ?"));
            beforeId.ifPresent(b -> sql.append(" and id < ?"));
            sql.append(" order by id desc limit ?");
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                int i = 1;
                if (component.isPresent()) {
                    statement.setString(i++, component.get());
                }
                if (beforeId.isPresent()) {
                    statement.setLong(i++, beforeId.get());
                }
                statement.setInt(i, rows);
                List<HealthCheckRecord> records = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        int latency = rs.getInt("latency_ms");
                        records.add(new HealthCheckRecord(rs.getLong("id"), SqlTime.instant(rs, "checked_at"),
                                rs.getString("component"), rs.getString("status"), rs.wasNull() ? null : latency,
                                Sql.json(rs, "details")));
                    }
                }
                return records;
            }
        });
    }

    /** Alerts open now, oldest first. */
    public List<Alert> openAlerts() {
        return alerts.open();
    }

    /** The latest alert episodes, open or cleared, newest first. */
    public List<Alert> recentAlerts(int limit) {
        return alerts.recent(limit);
    }

    /**
     * Reports of maintenance runs, newest first.
     *
     * @param kind {@code retention} or {@code reconciliation}; empty for all
     */
    public List<MaintenanceRun> recentRuns(Optional<String> kind, int limit, Optional<Long> beforeId) {
        int rows = checkLimit(limit);
        return database.readOnly(connection -> {
            StringBuilder sql = new StringBuilder("select id, kind, started_at, finished_at, status, counts, details"
                    + " from maintenance_runs where true");
            kind.ifPresent(k -> sql.append(" and kind = ?"));
            beforeId.ifPresent(b -> sql.append(" and id < ?"));
            sql.append(" order by id desc limit ?");
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                int i = 1;
                if (kind.isPresent()) {
                    statement.setString(i++, kind.get());
                }
                if (beforeId.isPresent()) {
                    statement.setLong(i++, beforeId.get());
                }
                statement.setInt(i, rows);
                return readRuns(statement);
            }
        });
    }

    static List<MaintenanceRun> readRuns(PreparedStatement statement) throws SQLException {
        List<MaintenanceRun> runs = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                runs.add(new MaintenanceRun(rs.getLong("id"), rs.getString("kind"), SqlTime.instant(rs, "started_at"),
                        SqlTime.instant(rs, "finished_at"), rs.getString("status"), Sql.json(rs, "counts"),
                        Sql.json(rs, "details")));
            }
        }
        return runs;
    }

    static int checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("limit must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }
}
