package com.aisaas.db;

import com.aisaas.common.Scope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Objects;

/**
 * Declares, for one transaction, whose rows the runtime role may see: the settings the row-level security
 * policies read (V6__tenant_isolation.sql). Call inside {@link Database#inTransaction} / {@link Database#readOnly}:
 * the settings are transaction-local ({@code set_config(..., true)}) and vanish at commit or rollback, so a pooled
 * connection never carries one caller's scope into the next transaction. A transaction that declares nothing sees
 * no tenant row: the policies deny by default.
 *
 * <ul>
 *   <li>{@link #actAs}: one owner of one tenant — the files API, upload processing, lifecycle events;</li>
 *   <li>{@link #tenant}: every owner of one tenant, for tenant administrators (dead letters, audit; never files);</li>
 *   <li>{@link #platform}: dead letters of every tenant, for operators (never files or audit).</li>
 * </ul>
 * The maintenance role (DB_MAINTENANCE_USER) needs none of these: its policies let it cross tenants, and it is
 * used only by the timer jobs.
 */
public final class RowSecurity {

    static final String TENANT = "app.tenant_id";
    static final String OWNER = "app.owner_id";
    static final String SCOPE = "app.scope";

    private RowSecurity() {
    }

    /** The rows of {@code scope}'s owner in its tenant, and no others, for the rest of this transaction. */
    public static void actAs(Connection connection, Scope scope) throws SQLException {
        Objects.requireNonNull(scope, "scope");
        set(connection, TENANT, scope.tenantId(), OWNER, scope.ownerId());
    }

    /**
     * Declares the scope of the file whose blob is {@code blobPath}, found through {@code file_scope}, the one narrow
     * lookup the runtime role may make before it has a scope (an event names a blob, not a tenant). Empty, and
     * nothing declared, when no file has that blob.
     */
    public static Optional<Scope> actAsOwnerOfBlob(Connection connection, String blobPath) throws SQLException {
        Objects.requireNonNull(blobPath, "blobPath");
        Optional<Scope> scope;
        try (PreparedStatement statement = connection.prepareStatement(
                "select tenant_id, owner_id from file_scope(?)")) {
            statement.setString(1, blobPath);
            try (ResultSet rs = statement.executeQuery()) {
                scope = rs.next() ? Optional.of(new Scope(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
        if (scope.isPresent()) {
            actAs(connection, scope.get());
        }
        return scope;
    }

    /** The dead letters and audit rows of every owner of {@code tenantId} (a tenant administrator). */
    public static void tenant(Connection connection, String tenantId) throws SQLException {
        Objects.requireNonNull(tenantId, "tenantId");
        set(connection, TENANT, tenantId, SCOPE, "tenant");
    }

    /** The dead letters of every tenant, and dead letters that belong to none (an operator, or an unreadable event). */
    public static void platform(Connection connection) throws SQLException {
        set(connection, SCOPE, "platform");
    }

    /** Sets each name to the value after it, in one statement (one round trip: every API request begins here). */
    private static void set(Connection connection, String... namesAndValues) throws SQLException {
        StringBuilder sql = new StringBuilder("select ");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            sql.append(i == 0 ? "" : ", ").append("set_config(?, ?, true)");
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < namesAndValues.length; i++) {
                statement.setString(i + 1, namesAndValues[i]);
            }
            statement.execute();
        }
    }
}
