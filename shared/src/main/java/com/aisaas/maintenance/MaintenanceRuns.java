package com.aisaas.maintenance;

import com.aisaas.common.Json;
import com.aisaas.db.Database;
import com.aisaas.db.SqlTime;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the {@code maintenance_runs} reports and runs a job as one report ({@link #run}): a row when it starts,
 * its counts and details when it ends, and, when it fails, the failure in the details of a {@code failed} report
 * before the exception goes on to the caller.
 */
final class MaintenanceRuns {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceRuns.class);

    private final Database database;
    private final Clock clock;

    MaintenanceRuns(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A job's work; it fills the report as it goes, so a failure still reports what was done before it. */
    @FunctionalInterface
    interface Job {
        void run(Report report);
    }

    /** What one run did so far: counts per kind of work, and details (samples, cut-offs, the error). */
    static final class Report {
        private final Instant startedAt;
        private final Map<String, Object> counts = new LinkedHashMap<>();
        private final Map<String, Object> details = new LinkedHashMap<>();

        private Report(Instant startedAt) {
            this.startedAt = startedAt;
        }

        /** When the run started (microseconds, as stored). */
        Instant startedAt() {
            return startedAt;
        }

        /** Adds {@code by} to a count (creating it at {@code by}, so {@code count(name, 0)} lists it). */
        void count(String name, long by) {
            counts.merge(name, by, (a, b) -> ((Number) a).longValue() + ((Number) b).longValue());
        }

        /** Appends {@code value} to the sample list {@code name}, up to {@code max} values. */
        @SuppressWarnings("unchecked")
        void sample(String name, String value, int max) {
            List<String> samples = (List<String>) details.computeIfAbsent(name, k -> new ArrayList<String>());
            if (samples.size() < max) {
                samples.add(value);
            }
        }

        void detail(String name, Object value) {
            details.put(name, value);
        }

        Map<String, Object> counts() {
            return counts;
        }
    }

    /**
     * Runs {@code job} as one report of {@code kind}.
     *
     * @return the finished report ({@link MaintenanceRun#SUCCEEDED})
     * @throws RuntimeException what the job threw, after the run was reported {@link MaintenanceRun#FAILED} (a
     *                          failure to write that report is added to it as suppressed)
     */
    MaintenanceRun run(String kind, Job job) {
        Report report = new Report(now());
        long id = start(kind, report.startedAt);
        try {
            job.run(report);
            Instant finishedAt = now();
            finish(id, MaintenanceRun.SUCCEEDED, report.counts, report.details, finishedAt);
            log.info("{} run {} done: {}", kind, id, report.counts);
            return new MaintenanceRun(id, kind, report.startedAt, finishedAt, MaintenanceRun.SUCCEEDED,
                    report.counts, report.details);
        } catch (RuntimeException e) {
            report.detail("error", e.getMessage());
            try {
                finish(id, MaintenanceRun.FAILED, report.counts, report.details, now());
            } catch (RuntimeException reportFailure) {
                e.addSuppressed(reportFailure);
            }
            throw e;
        }
    }

    private long start(String kind, Instant startedAt) {
        return database.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("insert into maintenance_runs (kind,"
                    + " started_at) values (?, ?) returning id")) {
                statement.setString(1, kind);
                statement.setObject(2, SqlTime.timestamp(startedAt));
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private void finish(long id, String status, Map<String, ?> counts, Map<String, ?> details, Instant finishedAt) {
        database.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("update maintenance_runs set status = ?,"
                    + " finished_at = ?, counts = ?::jsonb, details = ?::jsonb where id = ?")) {
                statement.setString(1, status);
                statement.setObject(2, SqlTime.timestamp(finishedAt));
                statement.setString(3, Json.write(counts));
                statement.setString(4, Json.write(details));
                statement.setLong(5, id);
                statement.executeUpdate();
            }
            return null;
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
