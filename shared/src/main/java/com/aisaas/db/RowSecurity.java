package com.aisaas.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Sets the per-transaction settings the row-level security policies of {@code files} read (see
 * V1__schema.sql). Call inside {@link Database#inTransaction} / {@link Database#readOnly}: the settings are
 * transaction-local ({@code set_config(..., true)}) and vanish at commit or rollback, so a pooled
 * connection never carries one caller's identity into the next transaction.
 *
 * <p>RLS is defence in depth under the application's own owner checks. It does not apply to superusers
 * or roles with BYPASSRLS: in Azure the app connects as an ordinary role (see docs), locally the embedded
 * server's {@code postgres} superuser bypasses it.
 */
public final class RowSecurity {

    private RowSecurity() {
    }

    /** Rows of {@code files} visible and writable in this transaction are those of {@code ownerId}. */
    public static void actAs(Connection connection, String ownerId) throws SQLException {
        Objects.requireNonNull(ownerId, "ownerId");
        set(connection, "app.current_owner", ownerId);
    }

    /** Maintenance work (lifecycle events, purge, reconciliation, backup) sees every row in this transaction. */
    public static void bypass(Connection connection) throws SQLException {
        set(connection, "app.bypass_rls", "on");
    }

    private static void set(Connection connection, String name, String value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select set_config(?, ?, true)")) {
            statement.setString(1, name);
            statement.setString(2, value);
            statement.execute();
        }
    }
}
