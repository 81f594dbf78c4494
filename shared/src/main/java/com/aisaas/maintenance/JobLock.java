package com.aisaas.maintenance;

import com.aisaas.db.SqlErrors;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job on one instance at a time across a scale-out: a PostgreSQL session-level advisory lock keyed by the
 * job's name, taken with {@code pg_try_advisory_lock} on a connection held for the whole job and released in
 * {@code finally}. A second caller (another instance, or a second timer tick on this one) does not wait: it gets
 * {@link Optional#empty()} ("skipped: already running"). If the instance dies, its session ends and the server
 * releases the lock.
 *
 * <pre>{@code
 * Optional<ReconcileReport> report = context.jobLock().runExclusive(Reconciliation.JOB, context.reconciliation()::run);
 * }</pre>
 *
 * <p>The held connection comes from the primary pool (one of DB_POOL_MAX_SIZE while the job runs). Session-level
 * locks need a session: DB_URL must reach PostgreSQL directly (port 5432) or through PgBouncer in <em>session</em>
 * mode, not PgBouncer's transaction pooling (port 6432), which may hand the session to another client.
 */
public final class JobLock {

    /** Keeps the keys of these locks apart from other advisory locks of the database. */
    static final String NAMESPACE = "aisaas.job:";

    private static final Logger log = LoggerFactory.getLogger(JobLock.class);

    private final DataSource dataSource;

    public JobLock(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Runs {@code work} while holding the lock of {@code job}; empty, without running it, when another session holds
     * that lock. {@code work} must return a value (not null). Its exceptions pass through after the lock is released.
     *
     * @throws com.aisaas.common.DependencyException ("postgres", retryable) when the lock cannot be asked for
     */
    public <T> Optional<T> runExclusive(String job, Supplier<T> work) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(work, "work");
        if (job.isBlank()) {
            throw new IllegalArgumentException("job name is blank");
        }
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw SqlErrors.translate(e, "lock job " + job);
        }
        boolean locked = false;
        try {
            try {
                connection.setAutoCommit(true);
                locked = call(connection, "select pg_try_advisory_lock(hashtextextended(?, 0))", job);
            } catch (SQLException e) {
                throw SqlErrors.translate(e, "lock job " + job);
            }
            if (!locked) {
                log.info("job {} skipped: already running", job);
                return Optional.empty();
            }
            log.debug("job {} holds its lock", job);
            return Optional.of(Objects.requireNonNull(work.get(), "result of job " + job));
        } finally {
            if (locked) {
                unlock(connection, job);
            }
            closeQuietly(connection);
        }
    }

    /** Whether some session holds the lock of {@code job} right now (for admin views). */
    public boolean isRunning(String job) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("select exists (select 1 from pg_locks"
                     + " where locktype = 'advisory' and granted and objsubid = 1"
                     + " and ((classid::bigint << 32) | objid::bigint) = hashtextextended(?, 0))")) {
            statement.setString(1, NAMESPACE + job);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e, "look up job " + job);
        }
    }

    private static boolean call(Connection connection, String sql, String job) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, NAMESPACE + job);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Releases the lock; if that fails the session is ended (evicted from the pool), which releases it too. */
    private void unlock(Connection connection, String job) {
        try {
            if (call(connection, "select pg_advisory_unlock(hashtextextended(?, 0))", job)) {
                log.debug("job {} released its lock", job);
                return;
            }
            log.warn("job {}: the lock was not held at release; ending the session to be sure", job);
        } catch (SQLException | RuntimeException e) {
            log.warn("job {}: releasing the lock failed ({}); ending the session to release it", job,
                    SqlErrors.summary(e));
        }
        if (dataSource instanceof HikariDataSource pool) {
            pool.evictConnection(connection);
        } else {
            try {
                connection.abort(Runnable::run);
            } catch (SQLException e) {
                log.warn("job {}: could not end the session: {}", job, SqlErrors.summary(e));
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing the job lock connection failed: {}", SqlErrors.summary(e));
        }
    }
}
