package com.aisaas.db;

import com.aisaas.common.ConflictException;
import com.aisaas.common.DependencyException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.Set;

/** Classifies and translates JDBC failures (only here and in the repositories, never above the adapters). */
public final class SqlErrors {

    /**
     * SQLStates worth a retry besides class 08 (connection exception): admin/crash shutdown and
     * cannot-connect-now (failover, restart), serialization failure and deadlock (the transaction was rolled
     * back, retrying it is safe), too many connections.
     */
    private static final Set<String> TRANSIENT_STATES = Set.of("57P01", "57P02", "57P03", "40001", "40P01", "53300");

    private SqlErrors() {
    }

    /** Whether trying again can succeed: looks at the whole cause chain. */
    public static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CommitOutcomeUnknown) {
                return false;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || TRANSIENT_STATES.contains(state))) {
                    return true;
                }
                if (sql instanceof SQLTransientException) {
                    return true;
                }
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * Whether the failure is a wait that ran out (no pooled connection within the connection timeout, a statement or
     * socket timeout): the database is silent or saturated rather than refusing, so a circuit breaker opens at once.
     */
    public static boolean isTimeout(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLTimeoutException
                    || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * Whether the failure is only a wait for a pooled connection that ran out while the pool could not hand one out
     * (every connection busy) and no attempt to open a new one had failed: HikariCP then throws an
     * {@link SQLTransientConnectionException} with no cause, where a failing server leaves its last connection
     * failure as the cause.
     */
    public static boolean isPoolWait(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return t.getCause() == null;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** The first SQLState in the cause chain, or null. */
    public static String sqlState(Throwable error) {
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /**
     * The domain exception for a failure of {@code operation}: a unique violation is a conflict; anything
     * else is a postgres dependency failure, retryable when {@link #isTransient}.
     */
    public static RuntimeException translate(Exception error, String operation) {
        if (error instanceof RuntimeException runtime) {
            return runtime;
        }
        String state = sqlState(error);
        if ("23505".equals(state)) {
            return new ConflictException(operation + ": duplicate key", error);
        }
        if (error instanceof CommitOutcomeUnknown) {
            return new DependencyException(Database.COMPONENT, true,
                    operation + ": the connection failed during commit; the outcome is unknown", error);
        }
        return new DependencyException(Database.COMPONENT, isTransient(error), operation + " failed: " + summary(error), error);
    }

    /** A short description for logs and health reports: SQLState and the driver's message, no stack. */
    public static String summary(Throwable error) {
        String state = sqlState(error);
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        if (root != error && root.getMessage() != null && !message.contains(root.getMessage())) {
            message = message + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        if (message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        return state == null ? message : "SQLState " + state + ": " + message;
    }

    /** The connection failed while committing: the transaction may or may not have been applied. */
    static final class CommitOutcomeUnknown extends SQLException {
        CommitOutcomeUnknown(SQLException cause) {
            super("commit failed: " + cause.getMessage(), cause.getSQLState(), cause);
        }
    }
}
