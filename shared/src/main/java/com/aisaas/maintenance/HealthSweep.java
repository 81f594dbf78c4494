package com.aisaas.maintenance;

import com.aisaas.common.Json;
import com.aisaas.config.HealthSettings;
import com.aisaas.config.MaintenanceSettings;
import com.aisaas.db.Database;
import com.aisaas.db.SqlTime;
import com.aisaas.health.ComponentHealth;
import com.aisaas.health.HealthReport;
import com.aisaas.health.SweepProbes;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled health sweep (every HEALTH_SWEEP_SCHEDULE): probes every component through
 * {@link com.aisaas.health.HealthService#sweep()}, records one {@code health_checks} row per component (status,
 * latency, the measured values with their alert lines and the breaches), and raises or clears {@link Alerts}.
 *
 * <p>Alert keys: {@code <component>.down} for any component (postgres, redis, blob, keyvault);
 * {@code postgres.latency} (round trip above HEALTH_DB_LATENCY_ALERT_MS), {@code postgres.connections} (client
 * connections above HEALTH_DB_CONNECTIONS_ALERT), {@code postgres.replica-down} (DB_READ_URL set but the replica
 * does not answer as a replica), {@code postgres.replica-lag} (above HEALTH_REPLICA_LAG_ALERT_SECONDS),
 * {@code redis.memory} (used_memory above HEALTH_REDIS_MEMORY_ALERT_PERCENT of maxmemory, when maxmemory is set).
 * A measurement that could not be taken (its component DOWN) leaves its alert as it is.
 *
 * <p>A sweep never throws because a component is down; when PostgreSQL is down its rows cannot be written (the
 * result says so) and alerts are announced without suppression (see {@link Alerts}).
 */
public final class HealthSweep {

    /** The {@link JobLock} name of the sweep. */
    public static final String JOB = "health-sweep";

    private static final Logger log = LoggerFactory.getLogger(HealthSweep.class);

    private final Supplier<HealthReport> probe;
    private final Supplier<Database> database;
    private final Alerts alerts;
    private final MaintenanceSettings settings;
    private final Clock clock;

    /**
     * @param probe the sweep probes, normally {@code healthService::sweep}
     * @param database supplies the database (called per sweep: a database that cannot be built is DOWN, not fatal)
     */
    public HealthSweep(Supplier<HealthReport> probe, Supplier<Database> database, Alerts alerts, MaintenanceSettings settings,
                       Clock clock) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.database = Objects.requireNonNull(database, "database");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One component's row of a sweep. */
    public record ComponentResult(String component, String status, Long latencyMs, Map<String, Object> details,
                                  List<String> breaches) {
        public ComponentResult {
            details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
            breaches = List.copyOf(breaches);
        }
    }

    /**
     * What one sweep saw and did.
     *
     * @param recorded whether the rows reached {@code health_checks} (false while PostgreSQL is down)
     */
    public record SweepResult(Instant checkedAt, List<ComponentResult> components, boolean recorded,
                              Alerts.Outcome alerts) {
        public SweepResult {
            components = List.copyOf(components);
        }

        public ComponentResult component(String name) {
            return components.stream().filter(c -> c.component().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no component " + name));
        }
    }

    /** Probes, records, alerts. Never throws because a component is down. */
    public SweepResult run() {
        HealthReport report = probe.get();
        Instant checkedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<ComponentResult> results = new ArrayList<>();
        List<Breach> breaches = new ArrayList<>();
        Set<String> evaluated = new LinkedHashSet<>();
        for (Map.Entry<String, ComponentHealth> entry : report.components().entrySet()) {
            results.add(evaluate(entry.getKey(), entry.getValue(), breaches, evaluated));
        }
        boolean recorded = record(checkedAt, results);
        Alerts.Outcome outcome = alerts.apply(breaches, evaluated);
        log.info("health sweep: {}; alerts raised {}, still open {}, cleared {}", summary(results),
                outcome.raised(), outcome.stillOpen(), outcome.cleared());
        return new SweepResult(checkedAt, results, recorded, outcome);
    }

    private ComponentResult evaluate(String component, ComponentHealth health, List<Breach> breaches,
                                     Set<String> evaluated) {
        Map<String, Object> details = new LinkedHashMap<>(health.details());
        Map<String, Object> thresholds = new LinkedHashMap<>();
        List<Breach> found = new ArrayList<>();
        String downKey = component + ".down";
        evaluated.add(downKey);
        if (health.isDown()) {
            details.put("error", health.error());
            found.add(new Breach(downKey, component, component + " is DOWN: " + health.error(),
                    Map.of("error", String.valueOf(health.error()), "required", health.required())));
        } else if (ComponentHealth.UP.equals(health.status())) {
            if (HealthSettings.POSTGRES.equals(component)) {
                postgres(details, thresholds, found, evaluated);
            } else if (HealthSettings.REDIS.equals(component)) {
                redis(details, thresholds, found, evaluated);
            }
        }
        if (!thresholds.isEmpty()) {
            details.put("thresholds", thresholds);
        }
        details.put("breaches", found.stream().map(Breach::key).toList());
        breaches.addAll(found);
        return new ComponentResult(component, health.status(), health.latencyMs(), details,
                found.stream().map(Breach::key).toList());
    }

    private void postgres(Map<String, Object> details, Map<String, Object> thresholds, List<Breach> found,
                          Set<String> evaluated) {
        long latencyAlert = settings.dbLatencyAlert().toMillis();
        thresholds.put("latencyAlertMs", latencyAlert);
        thresholds.put("connectionsAlert", settings.dbConnectionsAlert());
        Number roundTrip = (Number) details.get(SweepProbes.ROUND_TRIP_MS);
        if (roundTrip != null) {
            evaluated.add("postgres.latency");
            if (roundTrip.longValue() > latencyAlert) {
                found.add(new Breach("postgres.latency", "postgres", "PostgreSQL round trip " + roundTrip
                        + " ms is above " + latencyAlert + " ms",
                        Map.of("roundTripMs", roundTrip, "latencyAlertMs", latencyAlert)));
            }
        }
        Number connections = (Number) details.get(SweepProbes.CONNECTIONS);
        if (connections != null) {
            evaluated.add("postgres.connections");
            if (connections.longValue() > settings.dbConnectionsAlert()) {
                Map<String, Object> values = new LinkedHashMap<>();
                values.put("connections", connections);
                values.put("connectionsAlert", settings.dbConnectionsAlert());
                if (details.get(SweepProbes.MAX_CONNECTIONS) != null) {
                    values.put("maxConnections", details.get(SweepProbes.MAX_CONNECTIONS));
                }
                found.add(new Breach("postgres.connections", "postgres", "PostgreSQL has " + connections
                        + " client connections, above the alert line of " + settings.dbConnectionsAlert()
                        + " (max_connections " + details.get(SweepProbes.MAX_CONNECTIONS) + ")", values));
            }
        }
        Object replica = details.get(SweepProbes.REPLICA);
        evaluated.add("postgres.replica-down");
        evaluated.add("postgres.replica-lag");
        if (replica == null || "not configured".equals(replica)) {
            return;
        }
        long lagAlert = settings.replicaLagAlert().toSeconds();
        thresholds.put("replicaLagAlertSeconds", lagAlert);
        Number lag = (Number) details.get(SweepProbes.REPLICA_LAG_SECONDS);
        if (lag == null) {
            found.add(new Breach("postgres.replica-down", "postgres", "the read replica (DB_READ_URL) is "
                    + replica + ": " + details.get(SweepProbes.REPLICA_ERROR),
                    Map.of("replica", String.valueOf(replica),
                            "error", String.valueOf(details.get(SweepProbes.REPLICA_ERROR)))));
        } else if (lag.doubleValue() > lagAlert) {
            found.add(new Breach("postgres.replica-lag", "postgres", "the read replica lags " + lag
                    + " s behind the primary, above " + lagAlert + " s",
                    Map.of("replicaLagSeconds", lag, "replicaLagAlertSeconds", lagAlert)));
        }
    }

    private void redis(Map<String, Object> details, Map<String, Object> thresholds, List<Breach> found,
                       Set<String> evaluated) {
        thresholds.put("memoryAlertPercent", settings.redisMemoryAlertPercent());
        Number max = (Number) details.get(SweepProbes.MAX_MEMORY_BYTES);
        if (max == null) {
            return;
        }
        evaluated.add("redis.memory");
        Number percent = (Number) details.get(SweepProbes.USED_MEMORY_PERCENT);
        if (max.longValue() > 0 && percent != null && percent.doubleValue() > settings.redisMemoryAlertPercent()) {
            found.add(new Breach("redis.memory", "redis", "Redis uses " + percent + " % of maxmemory, above "
                    + settings.redisMemoryAlertPercent() + " %",
                    Map.of("usedMemoryBytes", details.get(SweepProbes.USED_MEMORY_BYTES), "maxMemoryBytes", max,
                            "usedMemoryPercent", percent,
                            "memoryAlertPercent", settings.redisMemoryAlertPercent())));
        }
    }

    private boolean record(Instant checkedAt, List<ComponentResult> results) {
        try {
            database.get().inTransaction(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("insert into health_checks (checked_at,"
                        + " component, status, latency_ms, details) values (?, ?, ?, ?, ?::jsonb)")) {
                    for (ComponentResult result : results) {
                        insert.setObject(1, SqlTime.timestamp(checkedAt));
                        insert.setString(2, result.component());
                        insert.setString(3, result.status());
                        if (result.latencyMs() == null) {
                            insert.setNull(4, Types.INTEGER);
                        } else {
                            insert.setInt(4, (int) Math.min(Integer.MAX_VALUE, Math.max(0, result.latencyMs())));
                        }
                        insert.setString(5, Json.write(result.details()));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                return null;
            });
            return true;
        } catch (RuntimeException e) {
            log.error("health sweep results could not be recorded: {}", e.getMessage());
            return false;
        }
    }

    private static String summary(List<ComponentResult> results) {
        List<String> parts = new ArrayList<>();
        for (ComponentResult result : results) {
            parts.add(result.component() + "=" + result.status());
        }
        return String.join(", ", parts);
    }
}
