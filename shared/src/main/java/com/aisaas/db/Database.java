package com.aisaas.db;

import com.aisaas.common.DependencyException;
import com.aisaas.config.AuthMode;
import com.aisaas.config.DatabaseSettings;
import com.aisaas.resilience.Budget;
import com.aisaas.resilience.CircuitBreaker;
import com.aisaas.resilience.CircuitOpenException;
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
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
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
 * <p>Resilience ({@link #guarded}): every attempt on the primary asks a {@link CircuitBreaker} first, so that while
 * PostgreSQL is known to be down a call fails at once ({@link CircuitOpenException}, 503 + Retry-After) instead of
 * waiting for a connection; and a {@link Budget} bounds a whole call, retries and backoff included (the request path:
 * DB_REQUEST_BUDGET_MS; blob-triggered processing waits through an open circuit up to DB_BACKGROUND_BUDGET_MS, see
 * {@link #withBudget}). A database built by {@link #connect} alone has neither (plain retries).
 *
 * <p>Failures leave as {@link com.aisaas.common.DependencyException} ("postgres", retryable) or, for a unique
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

    private static final String ROLE_CHECK_SQL = """
            select current_user as usr,
                   r.rolsuper or r.rolbypassrls or coalesce(pg_has_role(current_user, c.relowner, 'MEMBER'), false)
                       as unsafe,
                   concat_ws(', ', case when r.rolsuper then 'superuser' end,
                                   case when r.rolbypassrls then 'BYPASSRLS' end,
                                   case when pg_has_role(current_user, c.relowner, 'MEMBER')
                                        then 'owns the tables' end) as why
              from pg_roles r
              left join pg_class c on c.oid = to_regclass('public.files')
             where r.rolname = current_user
            """;

    private final HikariDataSource primary;
    private final HikariDataSource replica;
    private final Retry retry;
    private final Clock clock;
    private final AtomicReference<Instant> replicaDownUntil;
    private final CircuitBreaker breaker;
    private final Budget budget;
    private volatile boolean roleChecked;

    Database(HikariDataSource primary, HikariDataSource replica, Retry retry, Clock clock) {
        this(primary, replica, retry, clock, new AtomicReference<>(Instant.EPOCH),
                CircuitBreaker.disabled(COMPONENT), null);
    }

    private Database(HikariDataSource primary, HikariDataSource replica, Retry retry, Clock clock,
                     AtomicReference<Instant> replicaDownUntil, CircuitBreaker breaker, Budget budget) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.replica = replica;
        this.retry = Objects.requireNonNull(retry, "retry");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.replicaDownUntil = replicaDownUntil;
        this.breaker = Objects.requireNonNull(breaker, "breaker");
        this.budget = budget;
    }

    /**
     * This database (same pools) with every primary attempt going through {@code breaker} and every call bounded by
     * {@code budget}. Closing the result closes the shared pools.
     */
    public Database guarded(CircuitBreaker breaker, Budget budget) {
        return new Database(primary, replica, retry, clock, replicaDownUntil, breaker,
                Objects.requireNonNull(budget, "budget"));
    }

    /** The same database and circuit breaker with another budget (background work: {@link Budget#background}). */
    public Database withBudget(Budget budget) {
        return guarded(breaker, budget);
    }

    /** The circuit breaker in front of the primary (a disabled one unless {@link #guarded}). */
    public CircuitBreaker breaker() {
        return breaker;
    }

    /** A probe for {@code breaker}: one {@code select 1} on the primary, outside the breaker. */
    public CircuitBreaker.Probe probe() {
        return () -> {
            try (Connection connection = primary.getConnection();
                 PreparedStatement statement = connection.prepareStatement("select 1")) {
                statement.setQueryTimeout(2);
                statement.execute();
            }
        };
    }

    /**
     * Builds the runtime role's pools (they connect lazily: a database that is down does not fail this call) and,
     * when DB_MIGRATE_ON_START is true, migrates the schema as the schema owner (DB_MIGRATION_USER; this needs the
     * database; a failure closes the pools and is thrown).
     */
    public static Database connect(DatabaseSettings settings, SecretResolver secrets, MeterRegistry registry,
                                   Optional<String> azureClientId, Clock clock) {
        Database database = connect(settings, DatabaseSettings.Role.RUNTIME, settings.poolMaxSize(), secrets,
                registry, azureClientId, clock);
        if (settings.migrateOnStart()) {
            try {
                migrate(settings, secrets, azureClientId, database.retry);
            } catch (RuntimeException e) {
                database.close();
                throw e;
            }
        }
        return database;
    }

    /**
     * Pools of the maintenance role (DB_MAINTENANCE_USER), for the timer jobs that cross tenants: never used on the
     * request path, never migrates.
     */
    public static Database connectMaintenance(DatabaseSettings settings, SecretResolver secrets,
                                              MeterRegistry registry, Optional<String> azureClientId, Clock clock) {
        return connect(settings, DatabaseSettings.Role.MAINTENANCE, DatabaseSettings.MAINTENANCE_POOL_SIZE, secrets,
                registry, azureClientId, clock);
    }

    private static Database connect(DatabaseSettings settings, DatabaseSettings.Role role, int poolSize,
                                    SecretResolver secrets, MeterRegistry registry, Optional<String> azureClientId,
                                    Clock clock) {
        String suffix = role == DatabaseSettings.Role.RUNTIME ? "" : "-" + role.name().toLowerCase(Locale.ROOT);
        HikariDataSource primary = new HikariDataSource(poolConfig("aisaas-primary" + suffix, settings.url(), false,
                settings, role, poolSize, secrets, registry, azureClientId));
        HikariDataSource replica = settings.readUrl()
                .map(url -> new HikariDataSource(poolConfig("aisaas-replica" + suffix, url, true, settings, role,
                        poolSize, secrets, registry, azureClientId)))
                .orElse(null);
        return new Database(primary, replica, Retry.of(settings.retryMaxAttempts(), settings.retryBaseDelay()),
                clock);
    }

    static HikariConfig poolConfig(String name, String url, boolean readOnly, DatabaseSettings settings,
                                   SecretResolver secrets, MeterRegistry registry, Optional<String> azureClientId) {
        return poolConfig(name, url, readOnly, settings, DatabaseSettings.Role.RUNTIME, settings.poolMaxSize(),
                secrets, registry, azureClientId);
    }

    static HikariConfig poolConfig(String name, String url, boolean readOnly, DatabaseSettings settings,
                                   DatabaseSettings.Role role, int poolSize, SecretResolver secrets,
                                   MeterRegistry registry, Optional<String> azureClientId) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setDriverClassName("org.postgresql.Driver");
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(settings.poolMinIdle(), poolSize));
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setValidationTimeout(Math.min(settings.connectionTimeout().toMillis(), 2000));
        config.setIdleTimeout(Duration.ofMinutes(2).toMillis());
        config.setMaxLifetime(Duration.ofMinutes(30).toMillis());
        config.setInitializationFailTimeout(-1); // start without a connection: readiness reports the database
        config.setReadOnly(readOnly);
        if (registry != null) {
            config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
        config.addDataSourceProperty("ApplicationName", "aisaas-functions");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("connectTimeout",
                Long.toString(Math.max(1, settings.connectionTimeout().toSeconds())));
        config.addDataSourceProperty("socketTimeout", Long.toString(role.socketTimeout().toSeconds()));
        String user = settings.user(role);
        config.setUsername(user);
        if (settings.authMode() == AuthMode.ENTRA) {
            config.addDataSourceProperty("authenticationPluginClassName", ENTRA_PLUGIN);
            settings.clientId(role).or(() -> azureClientId).ifPresent(id -> {
                config.addDataSourceProperty("azure.clientId", id);
                config.addDataSourceProperty("azure.managedIdentityEnabled", "true");
            });
        } else {
            String secret = role.passwordSecret();
            config.setCredentialsProvider(() -> Credentials.of(user, secrets.find(secret).orElse(null)));
        }
        return config;
    }

    /**
     * Applies pending migrations from {@link Migrations#LOCATION} as the schema owner (DB_MIGRATION_USER), on a connection
     * of its own that is closed afterwards, so the runtime pools never hold the owner's login. The migrations grant
     * the runtime role ({@code ${runtimeRole}}) and the maintenance role ({@code ${maintenanceRole}}) what they
     * need and no more. Retried on transient failures.
     */
    public static MigrateResult migrate(DatabaseSettings settings, SecretResolver secrets,
                                        Optional<String> azureClientId, Retry retry) {
        HikariConfig config = poolConfig("aisaas-migration", settings.url(), false, settings,
                DatabaseSettings.Role.MIGRATION, 2, secrets, null, azureClientId); // Flyway holds two at once
        try (HikariDataSource owner = new HikariDataSource(config)) {
            Flyway flyway = Migrations.configure(owner, settings.user(DatabaseSettings.Role.RUNTIME),
                    settings.user(DatabaseSettings.Role.MAINTENANCE)).load();
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
            return retry.call("transaction", attempt -> guardedAttempt(() -> transaction(checked(primary), false, work)),
                    retryable(), deadline());
        } catch (SQLException e) {
            throw SqlErrors.translate(e, "transaction");
        }
    }

    /** Runs {@code work} with autocommit on the primary (idempotent statements; retried on transient failures). */
    public <T> T query(SqlWork<T> work) {
        Objects.requireNonNull(work, "work");
        try {
            return retry.call("query", attempt -> guardedAttempt(() -> autocommit(checked(primary), work)), retryable(),
                    deadline());
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
        if (replica != null && clock.instant().isAfter(replicaDownUntil.get())) {
            try {
                return transaction(checked(replica), true, work);
            } catch (SQLException e) {
                if (!SqlErrors.isTransient(e)) {
                    throw SqlErrors.translate(e, "read-only transaction (replica)");
                }
                replicaDownUntil.set(clock.instant().plusSeconds(REPLICA_BACKOFF_SECONDS));
                log.warn("read replica failed ({}); reading from the primary for the next {} s",
                        SqlErrors.summary(e), REPLICA_BACKOFF_SECONDS);
            }
        }
        try {
            return retry.call("read-only transaction",
                    attempt -> guardedAttempt(() -> transaction(checked(primary), true, work)), retryable(), deadline());
        } catch (SQLException e) {
            throw SqlErrors.translate(e, "read-only transaction");
        }
    }

    /** Whether a read replica is configured (DB_READ_URL). */
    public boolean hasReplica() {
        return replica != null;
    }

    /**
     * One quick {@code select 1} on the primary, no retry (for readiness). A health check is a probe of its own: it
     * asks PostgreSQL even while the circuit is open, and its outcome closes (or keeps open) the circuit.
     */
    public void ping() {
        try (Connection connection = primary.getConnection();
             PreparedStatement statement = connection.prepareStatement("select 1")) {
            statement.setQueryTimeout(5);
            statement.execute();
        } catch (SQLException e) {
            if (SqlErrors.isTransient(e)) {
                breaker.onFailure(SqlErrors.isTimeout(e));
            }
            throw SqlErrors.translate(e, "ping");
        }
        breaker.onSuccess();
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

    /**
     * {@code pool}, once it has shown that this login is held by row-level security: not a superuser, not
     * BYPASSRLS, not the owner of the tables (nor a member of the owner role). A login that could see past the
     * policies is refused before it reads a row.
     */
    private DataSource checked(DataSource pool) throws SQLException {
        if (roleChecked) {
            return pool;
        }
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(ROLE_CHECK_SQL);
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            if (rs.getBoolean("unsafe")) {
                throw new DependencyException(COMPONENT, false, "the database login " + rs.getString("usr")
                        + " is not held by row-level security (" + rs.getString("why") + "): connect as the runtime"
                        + " role (DB_USER) or the maintenance role (DB_MAINTENANCE_USER), never as a superuser or"
                        + " the schema owner");
            }
        }
        roleChecked = true;
        return pool;
    }

    /** One attempt on the primary. */
    @FunctionalInterface
    private interface SqlCall<T> {
        T run() throws SQLException;
    }

    /**
     * Runs one attempt if the breaker lets it, and tells the breaker how it went: a transient failure counts against
     * the primary (a timeout opens the circuit at once); anything else, including the work's own exceptions, shows
     * that PostgreSQL answers. One exception: background work (a budget that waits for recovery) that found every
     * pooled connection busy, with no failure to connect behind the wait, learnt nothing about PostgreSQL; counting it
     * would let a burst of blob processing open the circuit that API requests see while PostgreSQL is well. A silent
     * PostgreSQL still opens it through the requests that wait on it.
     */
    private <T> T guardedAttempt(SqlCall<T> call) throws SQLException {
        breaker.acquire();
        try {
            T result = call.run();
            breaker.onSuccess();
            return result;
        } catch (SQLException | RuntimeException e) {
            if (SqlErrors.isTransient(e)) {
                if (!(budget != null && budget.waitsForRecovery() && SqlErrors.isPoolWait(e))) {
                    breaker.onFailure(SqlErrors.isTimeout(e));
                }
            } else {
                breaker.onSuccess();
            }
            throw e;
        } catch (Error e) {
            breaker.onFailure(false);
            throw e;
        }
    }

    /** Transient failures; an open circuit too when the budget waits for recovery (background work). */
    private Predicate<Exception> retryable() {
        if (budget != null && budget.waitsForRecovery()) {
            return e -> e instanceof CircuitOpenException || SqlErrors.isTransient(e);
        }
        return SqlErrors::isTransient;
    }

    /** The end of this call's budget; one attempt may wait up to the pool's connection timeout, so that is kept. */
    private Retry.Deadline deadline() {
        if (budget == null) {
            return null;
        }
        return Retry.Deadline.in(clock, budget.total(), Duration.ofMillis(primary.getConnectionTimeout()),
                budget.waitsForRecovery());
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
