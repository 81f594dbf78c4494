package com.aisaas.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * PostgreSQL: DB_URL, DB_USER, DB_AUTH_MODE, DB_READ_URL, DB_POOL_MAX_SIZE, DB_POOL_MIN_IDLE,
 * DB_CONNECTION_TIMEOUT_MS, DB_RETRY_MAX_ATTEMPTS, DB_RETRY_BASE_DELAY_MS, DB_MIGRATE_ON_START, and the logins of
 * the two other database roles: DB_MAINTENANCE_USER (cross-tenant timer jobs) and DB_MIGRATION_USER (the schema
 * owner that runs the migrations). Passwords are not here: they are the secrets {@code db-password},
 * {@code db-maintenance-password} and {@code db-migration-password} (settings DB_PASSWORD, ...), read through the
 * secret resolver each time a pool opens a connection, so that a rotated password is picked up.
 *
 * @param user            the runtime role: every request and event connects as it (row-level security applies)
 * @param maintenanceUser the maintenance role (its pool is built only when a maintenance job runs)
 * @param migrationUser   the schema owner for migrations; empty = migrations are not run by the app
 * @param clientIds       DB_AUTH_MODE=entra: the managed identity of each login other than the runtime role's
 */
public record DatabaseSettings(
        String url,
        String user,
        AuthMode authMode,
        Optional<String> readUrl,
        int poolMaxSize,
        int poolMinIdle,
        Duration connectionTimeout,
        int retryMaxAttempts,
        Duration retryBaseDelay,
        boolean migrateOnStart,
        String maintenanceUser,
        Optional<String> migrationUser,
        java.util.Map<Role, String> clientIds) {

    /**
     * Pool size of the maintenance role: the timer jobs (each one at a time across instances; their locks are held on
     * the runtime pool) use one connection each while they work, and a few may run at once on one instance.
     */
    public static final int MAINTENANCE_POOL_SIZE = 3;

    public DatabaseSettings {
        Objects.requireNonNull(maintenanceUser, "maintenanceUser");
        Objects.requireNonNull(migrationUser, "migrationUser");
        clientIds = java.util.Map.copyOf(Objects.requireNonNull(clientIds, "clientIds"));
    }

    /** Settings whose logins all take their Entra tokens for AZURE_CLIENT_ID (or use passwords). */
    public DatabaseSettings(String url, String user, AuthMode authMode, Optional<String> readUrl, int poolMaxSize,
                            int poolMinIdle, Duration connectionTimeout, int retryMaxAttempts, Duration retryBaseDelay,
                            boolean migrateOnStart, String maintenanceUser, Optional<String> migrationUser) {
        this(url, user, authMode, readUrl, poolMaxSize, poolMinIdle, connectionTimeout, retryMaxAttempts,
                retryBaseDelay, migrateOnStart, maintenanceUser, migrationUser, java.util.Map.of());
    }

    /**
     * The managed identity whose Entra token logs in as {@code role} (DB_MAINTENANCE_CLIENT_ID,
     * DB_MIGRATION_CLIENT_ID); empty: AZURE_CLIENT_ID's.
     */
    public Optional<String> clientId(Role role) {
        return Optional.ofNullable(clientIds.get(role));
    }

    /** One of the database roles the app logs in as. */
    public enum Role {
        /** requests and events: their longest statements (a search, the index step) take well under a second */
        RUNTIME("db-password", Duration.ofSeconds(10)),
        /** the timer jobs: a backup's COPY reads on, but a reconciliation or purge query may think for minutes */
        MAINTENANCE("db-maintenance-password", Duration.ofMinutes(5)),
        /** migrations may rewrite large tables (V10 took ten minutes on 100,000 documents): no bound */
        MIGRATION("db-migration-password", Duration.ZERO);

        private final String passwordSecret;
        private final Duration socketTimeout;

        Role(String passwordSecret, Duration socketTimeout) {
            this.passwordSecret = passwordSecret;
            this.socketTimeout = socketTimeout;
        }

        /**
         * How long one read from PostgreSQL may wait before the connection is given up (pgjdbc's
         * {@code socketTimeout}; zero: no bound). A PostgreSQL that stops answering — frozen, or cut off by the
         * network — does not refuse anything: without a bound a statement in flight waits until TCP gives up (hours),
         * holding its request and connection. A timeout counts as transient and opens the circuit at once.
         */
        public Duration socketTimeout() {
            return socketTimeout;
        }

        /** The secret that holds this role's password (DB_AUTH_MODE=password). */
        public String passwordSecret() {
            return passwordSecret;
        }
    }

    /** The login name of {@code role}. */
    public String user(Role role) {
        return switch (role) {
            case RUNTIME -> user;
            case MAINTENANCE -> maintenanceUser;
            case MIGRATION -> migrationUser.orElse(user);
        };
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + Redact.url(url) + ", user=" + user + ", authMode=" + authMode
                + ", readUrl=" + readUrl.map(Redact::url).orElse("-") + ", poolMaxSize=" + poolMaxSize
                + ", poolMinIdle=" + poolMinIdle + ", connectionTimeout=" + connectionTimeout
                + ", retryMaxAttempts=" + retryMaxAttempts + ", retryBaseDelay=" + retryBaseDelay
                + ", migrateOnStart=" + migrateOnStart + ", maintenanceUser=" + maintenanceUser
                + ", migrationUser=" + migrationUser.orElse("-") + "]";
    }
}
