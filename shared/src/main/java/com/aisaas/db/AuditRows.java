package com.aisaas.db;

import com.aisaas.common.Json;
import com.aisaas.common.Scope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/**
 * Writes rows of {@code audit_log}: the one writer for every part that records a change (files API, processing,
 * lifecycle events, maintenance), in the caller's transaction, so an entry exists exactly when its change committed.
 */
public final class AuditRows {

    private AuditRows() {
    }

    /**
     * @param scope     the tenant and owner of the file concerned (null: about no tenant's data)
     * @param actor     the caller's subject, or {@code system:<part>}
     * @param fileId    the file concerned, or null
     * @param requestId the request or event that made the change, or null
     */
    public static void insert(Connection connection, Scope scope, String actor, String action, UUID fileId,
                              String requestId, Map<String, Object> details) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("insert into audit_log (at, actor, action,"
                + " file_id, request_id, details, tenant_id, owner_id) values (now(), ?, ?, ?, ?, ?::jsonb, ?, ?)")) {
            statement.setString(1, actor);
            statement.setString(2, action);
            statement.setObject(3, fileId);
            statement.setString(4, requestId);
            statement.setString(5, Json.write(details == null ? Map.of() : details));
            statement.setString(6, scope == null ? null : scope.tenantId());
            statement.setString(7, scope == null ? null : scope.ownerId());
            statement.executeUpdate();
        }
    }
}
