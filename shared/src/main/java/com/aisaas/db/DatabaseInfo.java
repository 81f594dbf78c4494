package com.aisaas.db;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What {@code GET /api/health/database} shows: connection status, server version, whether this connection
 * uses TLS (pg_stat_ssl of the current backend), client connections (pg_stat_activity) against
 * max_connections, and the response time of the check (connection + query). {@code replica} is present
 * when a read replica is configured.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatabaseInfo(
        String status,
        String serverVersion,
        String database,
        String user,
        Boolean ssl,
        String sslVersion,
        Integer activeConnections,
        Integer totalConnections,
        Integer maxConnections,
        long responseTimeMs,
        String error,
        DatabaseInfo replica) {

    public static final String UP = "UP";
    public static final String DOWN = "DOWN";

    @JsonIgnore
    public boolean isUp() {
        return UP.equals(status);
    }

    static DatabaseInfo down(long responseTimeMs, String error) {
        return new DatabaseInfo(DOWN, null, null, null, null, null, null, null, null, responseTimeMs, error, null);
    }

    DatabaseInfo withReplica(DatabaseInfo replicaInfo) {
        return new DatabaseInfo(status, serverVersion, database, user, ssl, sslVersion, activeConnections,
                totalConnections, maxConnections, responseTimeMs, error, replicaInfo);
    }
}
