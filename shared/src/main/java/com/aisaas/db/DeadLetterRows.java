package com.aisaas.db;

import com.aisaas.common.Scope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * Writes rows of {@code dead_letters}, the one table where every part that gives up work (upload processing,
 * lifecycle events, reconciliation) leaves it for an operator. A row is written only when no row of the same source
 * already stands for the same work, so a redelivery or a second run does not record it twice.
 */
public final class DeadLetterRows {

    private DeadLetterRows() {
    }

    /**
     * Inserts a dead letter in the caller's transaction.
     *
     * @param scope       the tenant and owner whose work it is (null: no tenant's, e.g. an unreadable delivery)
     * @param eventId     what identifies the work (null when nothing does, e.g. an unreadable delivery)
     * @param payloadJson what is needed to do the work again, a JSON object
     * @param sameWork    event ids of this source that stand for the same work; empty: always insert
     * @param pendingOnly only rows not replayed yet count as the same work (a replayed one may be given up again)
     * @return whether a row was inserted
     */
    public static boolean insert(Connection connection, Scope scope, String source, String eventId,
                                 String payloadJson, String reason, int attempts, List<String> sameWork,
                                 boolean pendingOnly) throws SQLException {
        Objects.requireNonNull(source, "source");
        StringBuilder sql = new StringBuilder("insert into dead_letters (source, event_id, payload, reason, attempts,"
                + " tenant_id, owner_id) select ?, ?, ?::jsonb, ?, ?, ?, ?");
        if (!sameWork.isEmpty()) {
            sql.append(" where not exists (select 1 from dead_letters where source = ? and event_id in (")
                    .append(String.join(", ", java.util.Collections.nCopies(sameWork.size(), "?"))).append(')')
                    .append(pendingOnly ? " and replayed_at is null)" : ")");
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int i = 1;
            statement.setString(i++, source);
            statement.setString(i++, eventId);
            statement.setString(i++, payloadJson);
            statement.setString(i++, reason);
            statement.setInt(i++, attempts);
            statement.setString(i++, scope == null ? null : scope.tenantId());
            statement.setString(i++, scope == null ? null : scope.ownerId());
            if (!sameWork.isEmpty()) {
                statement.setString(i++, source);
                for (String id : sameWork) {
                    statement.setString(i++, id);
                }
            }
            return statement.executeUpdate() > 0;
        }
    }
}
