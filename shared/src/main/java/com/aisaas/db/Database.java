package com.aisaas.db;

import com.aisaas.common.DependencyException;
import com.aisaas.config.AuthMode;
import com.aisaas.config.DatabaseSettings;
import com.aisaas.secrets.SecretResolver;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import com.zaxxer.hikari.util.Credentials;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL access: a small HikariCP pool per instance (Functions scale out, the server allows ~200
 * connections), an optional read-replica pool, Flyway migrations, and retries of transient failures.
 *
 * <ul>
 *   <li>{@link #inTransaction}: one transaction on the primary; on a transient failure (connection lost,
 *       failover {@code 57P01}/{@code 08xxx}, serialization failure, deadlock) it is rolled back and the
 *       whole work runs again, with exponential backoff and full jitter, up to DB_RETRY_MAX_ATTEMPTS.</li>
 *   <li>{@link #readOnly}: a read-only transaction on the replica when DB_READ_URL is set and the replica
 *       is reachable; otherwise (or after it failed, for {@value #REPLICA_BACKOFF_SECONDS} s) on the primary.</li>
 *   <li>{@link #query}: autocommit statements on the primary (each statement its own transaction), retried
 *       like a transaction: use it for idempotent statements only.</li>
 * </ul>
 * Failures leave as {@link com.aisaas.common.DependencyException} ("postgres", retryable) or, for a unique
 * violation, {@link com.aisaas.common.ConflictException}; an exception thrown by the work itself passes
 * through unchanged (after rollback).
 *
 * <p>TLS comes from the URL's {@code sslmode}. DB_AUTH_MODE=entra connects with an Entra ID token through
 * {@value #ENTRA_PLUGIN} (DefaultAzureCredential; no password). Otherwise the password is the secret
 * {@code db-password}, asked for each time the pool opens a connection, so a rotated password is used
 * without a restart once the secret cache has expired.
 */
public final class Database implements AutoCloseable {

    public static final String COMPONENT = "postgres";
    static final String ENTRA_PLUGIN = "com.azure.identity.extensions.jdbc.postgresql.AzurePostgresqlAuthenticationPlugin";
    static final String MIGRATIONS = "classpath:db/migration";
    static final int REPLICA_BACKOFF_SECONDS = 30;

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final String INFO_SQL = """
            select current_setting('server_version') as server_version,
                   current_database() as database,
                   current_user as usr,
                   coalesce(s.ssl, false) as ssl,
                   s.version as ssl_version,
                   (select count(*) from pg_stat_activity where backend_type = 'client backend') as total,
                   (select count(*) from pg_stat_activity
                     where backend_type = 'client backend' and state = 'active') as active,
                   current_setting('max_connections')::int as max_connections
              from (select 1) as one
              left join pg_stat_ssl s on s.pid = pg_backend_pid()
            """;

    private final HikariDataSource primary;
    private final HikariDataSource replica;
    private final Retry retry;
    private final Clock clock;
    private volatile Instant replicaDownUntil = Instant.EPOCH;

    Database(HikariDataSource primary, HikariDataSource replica, Retry retry, Clock clock) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.replica = replica;
        this.retry = Objects.requireNonNull(retry, "retry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Builds the pools (they connect lazily: a database that is down does not fail this call) and, when
     * DB_MIGRATE_ON_START is true, migrates the schema (this needs the database; a failure closes the pools
     * and is thrown).
     */
    public static Database connect(DatabaseSettings settings, SecretResolver secrets, MeterRegistry registry,
                                   Optional<String> azureClientId, Clock clock) {
        HikariDataSource primary = new HikariDataSource(
                poolConfig("aisaas-primary", settings.url(), false, settings, secrets, registry, azureClientId));
        HikariDataSource replica = settings.readUrl()
                .map(url -> new HikariDataSource(
                        poolConfig("aisaas-replica", url, true, settings, secrets, registry, azureClientId)))
                .orElse(null);
        Database database = new Database(primary, replica,
                Retry.of(settings.retryMaxAttempts(), settings.retryBaseDelay()), clock);
        if (settings.migrateOnStart()) {
            try {
                database.migrate();
            } catch (RuntimeException e) {
                database.close();
                throw e;
            }
        }
        return database;
    }

    static HikariConfig poolConfig(String name, String url, boolean readOnly, DatabaseSettings settings,
                                   SecretResolver secrets, MeterRegistry registry, Optional<String> azureClientId) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setDriverClassName("org.postgresql.Driver");
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(settings.poolMaxSize());
        config.setMinimumIdle(settings.poolMinIdle());
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setValidationTimeout(Math.min(settings.connectionTimeout().toMillis(), 2000));
        config.setIdleTimeout(Duration.ofMinutes(2).toMillis());
        config.setMaxLifetime(Duration.ofMinutes(30).toMillis());
        config.setInitializationFailTimeout(-1); // start without a connection: readiness reports the database
        config.setReadOnly(readOnly);
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        config.addDataSourceProperty("ApplicationName", "aisaas-functions");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("connectTimeout",
                Long.toString(Math.max(1, settings.connectionTimeout().toSeconds())));
        config.setUsername(settings.user());
        if (settings.authMode() == AuthMode.ENTRA) {
            config.addDataSourceProperty("authenticationPluginClassName", ENTRA_PLUGIN);
            azureClientId.ifPresent(id -> {
                config.addDataSourceProperty("azure.clientId", id);
                config.addDataSourceProperty("azure.managedIdentityEnabled", "true");
            });
        } else {
            String user = settings.user();
            config.setCredentialsProvider(() -> Credentials.of(user, secrets.find("db-password").orElse(null)));
        }
        return config;
    }

    /** Applies pending migrations from {@value #MIGRATIONS} (retried on transient failures). */
    public MigrateResult migrate() {
        Flyway flyway = Flyway.configure(Database.class.getClassLoader())
                .dataSource(primary)
                .locations(MIGRATIONS)
                .failOnMissingLocations(true)
                .load();
        try {
            MigrateResult result = retry.call("migrate", attempt -> flyway.migrate(), SqlErrors::isTransient);
            log.info("database schema at version {} ({} migrations applied)",
                    result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                    result.migrationsExecuted);
            return result;
        } catch (FlywayException e) {
            throw new DependencyException(COMPONENT, SqlErrors.isTransient(e), "migrate failed: " + SqlErrors.summary(e), e);
        }
    }

    /** Runs {@code work} in one transaction on the primary, retrying the whole transaction on transient failures. */
    public <T> T inTransaction(SqlWork<T> work) {
        Objects.requireNonNull(work, "work");
        try {
            return retry.call("transaction", attempt -> transaction(primary, false, work), SqlErrors::isTransient);
        } catch (SQLException e) {
            throw SqlErrors.translate(e, "transaction");
        }
    }

    /** Runs {@code work} with autocommit on the primary (idempotent statements; retried on transient failures). */
    public <T> T query(SqlWork<T> work) {
        Objects.requireNonNull(work, "work");
        try {
            return retry.call("query", attempt -> autocommit(primary, work), SqlErrors::isTransient);
        } catch (SQLException e) {
            throw SqlErrors.translate(e, "query");
        }
    }

    /**
     * Runs {@code work} in a read-only transaction on the read replica when one is configured and reachable,
     * else on the primary (retried on transient failures). Reads may lag the primary slightly on the replica.
     */
    public <T> T readOnly(SqlWork<T> work) {
        Objects.requireNonNull(work, "work");
        if (replica != null && clock.instant().isAfter(replicaDownUntil)) {
            try {
                return transaction(replica, true, work);
            } catch (SQLException e) {
                if (!SqlErrors.isTransient(e)) {
                    throw SqlErrors.translate(e, "read-only transaction (replica)");
                }
                replicaDownUntil = clock.instant().plusSeconds(REPLICA_BACKOFF_SECONDS);
                log.warn("read replica failed ({}); reading from the primary for the next {} s",
                        SqlErrors.summary(e), REPLICA_BACKOFF_SECONDS);
            }
        }
        try {
            return retry.call("read-only transaction", attempt -> transaction(primary, true, work),
                    SqlErrors::isTransient);
        } catch (SQLException e) {
            throw SqlErrors.translate(e, "read-only transaction");
        }
    }

    /** Whether a read replica is configured (DB_READ_URL). */
    public boolean hasReplica() {
        return replica != null;
    }

    /** One quick {@code select 1} on the primary, no retry (for readiness). */
    public void ping() {
        try (Connection connection = primary.getConnection();
             PreparedStatement statement = connection.prepareStatement("select 1")) {
            statement.setQueryTimeout(5);
            statement.execute();
        } catch (SQLException e) {
            throw SqlErrors.translate(e, "ping");
        }
    }

    /** Server version, TLS, connections and response time of the primary (and replica); never throws. */
    public DatabaseInfo info() {
        DatabaseInfo info = info(primary);
        return replica == null ? info : info.withReplica(info(replica));
    }

    private static DatabaseInfo info(HikariDataSource pool) {
        long start = System.nanoTime();
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(INFO_SQL)) {
            statement.setQueryTimeout(5);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                long elapsed = (System.nanoTime() - start) / 1_000_000;
                return new DatabaseInfo(DatabaseInfo.UP, rs.getString("server_version"), rs.getString("database"),
                        rs.getString("usr"), rs.getBoolean("ssl"), rs.getString("ssl_version"),
                        rs.getInt("active"), rs.getInt("total"), rs.getInt("max_connections"), elapsed, null, null);
            }
        } catch (SQLException | RuntimeException e) {
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            return DatabaseInfo.down(elapsed, SqlErrors.summary(e));
        }
    }

    /** The primary pool, for tools that need a DataSource (Flyway, backup export). */
    public DataSource dataSource() {
        return primary;
    }

    @Override
    public void close() {
        if (replica != null) {
            replica.close();
        }
        primary.close();
    }

    private static <T> T transaction(DataSource pool, boolean readOnly, SqlWork<T> work) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            if (readOnly) {
                connection.setReadOnly(true);
            }
            T result;
            try {
                result = work.run(connection);
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            }
            try {
                connection.commit();
            } catch (SQLException e) {
                if (SqlErrors.isTransient(e)) {
                    throw new SqlErrors.CommitOutcomeUnknown(e);
                }
                throw e;
            }
            return result;
        }
    }

    private static <T> T autocommit(DataSource pool, SqlWork<T> work) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(true);
            return work.run(connection);
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }
}
