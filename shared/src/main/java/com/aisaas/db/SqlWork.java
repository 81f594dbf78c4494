package com.aisaas.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work on a connection. Inside {@link Database#inTransaction} it may run more than once (a transient
 * failure rolls back and retries), so it must not have effects outside the database.
 */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
