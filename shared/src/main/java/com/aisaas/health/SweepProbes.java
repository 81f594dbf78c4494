package com.aisaas.health;

import com.aisaas.cache.Redis;
import com.aisaas.common.DependencyException;
import com.aisaas.db.Database;
import com.aisaas.db.DatabaseInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The measurements of the scheduled health sweep, one probe per component ({@link HealthCheck#withSweep}).
 * Each returns the measured values under stable keys (below) and throws when the component does not answer; the
 * sweep compares the values with its alert lines. No secrets and no URLs in the details.
 */
public final class SweepProbes {

    /** PostgreSQL: {@code select 1} round trip in ms (the latency alert compares it). */
    public static final String ROUND_TRIP_MS = "roundTripMs";
    /** PostgreSQL: client connections in pg_stat_activity (the connections alert compares it). */
    public static final String CONNECTIONS = "connections";
    public static final String ACTIVE_CONNECTIONS = "activeConnections";
    public static final String MAX_CONNECTIONS = "maxConnections";
    /** PostgreSQL: {@code configured}, {@code not configured}, {@code DOWN} or {@code not in recovery}. */
    public static final String REPLICA = "replica";
    public static final String REPLICA_LAG_SECONDS = "replicaLagSeconds";
    public static final String REPLICA_ERROR = "replicaError";
    /** Redis: PING round trip in ms. */
    public static final String PING_MS = "pingMs";
    public static final String USED_MEMORY_BYTES = "usedMemoryBytes";
    /** Redis: maxmemory; 0 means no limit (no memory alert then). */
    public static final String MAX_MEMORY_BYTES = "maxMemoryBytes";
    public static final String USED_MEMORY_PERCENT = "usedMemoryPercent";

    /*
     * On a replica: 0 when everything received has been replayed (an idle primary sends nothing, so the age of the
     * last replayed transaction is not lag), else the age of the last replayed transaction.
     */
    private static final String REPLICA_LAG_SQL = """
            select pg_is_in_recovery() as in_recovery,
                   case when not pg_is_in_recovery() then null
                        when pg_last_wal_receive_lsn() is not distinct from pg_last_wal_replay_lsn() then 0
                        else extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp())::float8
                   end as lag_seconds
            """;

    private SweepProbes() {
    }

    /** Round trip, connections against max_connections, and (DB_READ_URL) the replica's state and lag. */
    public static Map<String, Object> postgres(Database database) {
        long start = System.nanoTime();
        database.ping();
        long roundTrip = (System.nanoTime() - start) / 1_000_000;
        DatabaseInfo info = database.info();
        if (!info.isUp()) {
            throw new DependencyException(Database.COMPONENT, true, "connections query failed: " + info.error());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(ROUND_TRIP_MS, roundTrip);
        details.put(CONNECTIONS, info.totalConnections());
        details.put(ACTIVE_CONNECTIONS, info.activeConnections());
        details.put(MAX_CONNECTIONS, info.maxConnections());
        details.put("serverVersion", info.serverVersion());
        if (!database.hasReplica()) {
            details.put(REPLICA, "not configured");
            return details;
        }
        DatabaseInfo replica = info.replica();
        if (replica != null && !replica.isUp()) {
            details.put(REPLICA, DatabaseInfo.DOWN);
            details.put(REPLICA_ERROR, replica.error());
            return details;
        }
        try {
            // readOnly runs on the replica while it answers (else on the primary, which is not in recovery)
            Optional<Double> lag = database.readOnly(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(REPLICA_LAG_SQL)) {
                    statement.setQueryTimeout(5);
                    try (ResultSet rs = statement.executeQuery()) {
                        rs.next();
                        if (!rs.getBoolean("in_recovery")) {
                            return Optional.<Double>empty();
                        }
                        double seconds = rs.getDouble("lag_seconds");
                        return Optional.of(rs.wasNull() ? 0.0 : Math.max(0.0, seconds));
                    }
                }
            });
            if (lag.isPresent()) {
                details.put(REPLICA, "configured");
                details.put(REPLICA_LAG_SECONDS, Math.round(lag.get() * 10) / 10.0);
            } else {
                details.put(REPLICA, "not in recovery");
                details.put(REPLICA_ERROR, "DB_READ_URL answered as a primary (not a replica, or reads fell back)");
            }
        } catch (RuntimeException e) {
            details.put(REPLICA, DatabaseInfo.DOWN);
            details.put(REPLICA_ERROR, HealthService.errorSummary(e));
        }
        return details;
    }

    /** PING round trip and {@code INFO memory}: used_memory against maxmemory. */
    public static Map<String, Object> redis(Redis redis) {
        long start = System.nanoTime();
        redis.ping();
        long ping = (System.nanoTime() - start) / 1_000_000;
        String info = redis.execute("info memory", client -> client.info("memory"));
        Map<String, String> fields = infoFields(info);
        long used = parseLong(fields.get("used_memory"));
        long max = parseLong(fields.get("maxmemory"));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(PING_MS, ping);
        details.put(USED_MEMORY_BYTES, used);
        details.put(MAX_MEMORY_BYTES, max);
        if (max > 0) {
            details.put(USED_MEMORY_PERCENT, Math.round(used * 1000.0 / max) / 10.0);
        }
        Optional.ofNullable(fields.get("maxmemory_policy")).ifPresent(p -> details.put("maxMemoryPolicy", p));
        return details;
    }

    /** {@code key:value} lines of a Redis INFO answer. */
    static Map<String, String> infoFields(String info) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (info == null) {
            return fields;
        }
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    private static long parseLong(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
