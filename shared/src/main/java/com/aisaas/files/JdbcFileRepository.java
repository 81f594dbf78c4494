package com.aisaas.files;

import static com.aisaas.db.SqlTime.instant;
import static com.aisaas.db.SqlTime.timestamp;

import com.aisaas.common.Json;
import com.aisaas.common.Scope;
import com.aisaas.db.AuditRows;
import com.aisaas.db.Database;
import com.aisaas.db.RowSecurity;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@link FileRepository} on PostgreSQL. Every transaction first declares its scope to row-level security
 * ({@link RowSecurity#actAs}) and every statement also says {@code tenant_id = ? and owner_id = ?}: the
 * application's predicate and the database's policy each keep one owner's rows from another, and one tenant's
 * from another.
 *
 * <p>All reads run on the primary, so a write is visible to its author's next request at once (the read replica,
 * when configured, serves maintenance and reporting reads). Listing is keyset pagination over
 * {@code (created_at desc, id desc)} — the index {@code files_scope_created_idx} and its status and content-type
 * siblings make every page cost the same however deep it is.
 */
public final class JdbcFileRepository implements FileRepository {

    private static final String COLUMNS = "id, tenant_id, owner_id, name, declared_content_type, detected_content_type,"
            + " size_bytes, declared_size_bytes, sha256, status, rejection_reason, blob_path, blob_etag, access_tier,"
            + " tags, created_at, updated_at, processed_at, deleted_at, previous_status, version, metadata, blob_container";
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final Database database;

    public JdbcFileRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public FileRecord create(FileRecord file, AuditEntry audit) {
        return database.inTransaction(connection -> {
            RowSecurity.actAs(connection, file.scope());
            FileRecord stored;
            try (PreparedStatement statement = connection.prepareStatement("insert into files (id, tenant_id, owner_id,"
                    + " name, declared_content_type, declared_size_bytes, size_bytes, status, blob_path, tags,"
                    + " created_at, updated_at, deleted_at, previous_status)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?) returning " + COLUMNS)) {
                statement.setObject(1, file.id().value());
                statement.setString(2, file.tenantId());
                statement.setString(3, file.ownerId());
                statement.setString(4, file.name());
                statement.setString(5, file.declaredContentType());
                setLong(statement, 6, file.declaredSizeBytes());
                setLong(statement, 7, file.sizeBytes());
                statement.setString(8, file.status().wire());
                statement.setString(9, file.blobPath());
                statement.setString(10, Json.write(file.tags()));
                statement.setObject(11, timestamp(file.createdAt()));
                statement.setObject(12, timestamp(file.updatedAt()));
                statement.setObject(13, file.deletedAt() == null ? null : timestamp(file.deletedAt()));
                statement.setString(14, file.previousStatus() == null ? null : file.previousStatus().wire());
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    stored = read(rs);
                }
            }
            audit(connection, file.scope(), audit);
            return stored;
        });
    }

    @Override
    public Optional<FileRecord> find(Scope scope, FileId id) {
        return database.inTransaction(connection -> {
            RowSecurity.actAs(connection, scope);
            return select(connection, scope, id, false);
        });
    }

    @Override
    public List<FileRecord> list(Scope scope, ListQuery query, Optional<Cursor> after, int fetch) {
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS)
                .append(" from files where tenant_id = ? and owner_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(scope.tenantId());
        params.add(scope.ownerId());
        if (query.status().isPresent()) {
            sql.append(" and status = ?");
            params.add(query.status().get().wire());
        } else {
            sql.append(" and status <> 'deleted'");
        }
        if (query.contentType().isPresent()) {
            String type = query.contentType().get();
            if (type.endsWith("/*")) {
                sql.append(" and coalesce(detected_content_type, declared_content_type) like ? escape '\\'");
                params.add(escapeLike(type.substring(0, type.length() - 1)) + "%");
            } else {
                sql.append(" and coalesce(detected_content_type, declared_content_type) = ?");
                params.add(type);
            }
        }
        if (query.name().isPresent()) {
            sql.append(" and lower(name) like ? escape '\\'");
            params.add("%" + escapeLike(query.name().get().toLowerCase(Locale.ROOT)) + "%");
        }
        if (after.isPresent()) {
            sql.append(" and (created_at, id) < (?, ?)");
            params.add(timestamp(after.get().createdAt()));
            params.add(after.get().id());
        }
        sql.append(" order by created_at desc, id desc limit ?");
        params.add(fetch);
        return database.inTransaction(connection -> {
            RowSecurity.actAs(connection, scope);
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < params.size(); i++) {
                    statement.setObject(i + 1, params.get(i));
                }
                List<FileRecord> files = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        files.add(read(rs));
                    }
                }
                return files;
            }
        });
    }

    @Override
    public FileRecord update(Scope scope, FileId id, Function<FileRecord, Update> change) {
        return database.inTransaction(connection -> {
            RowSecurity.actAs(connection, scope);
            FileRecord current = select(connection, scope, id, true).orElseThrow(FileId::notFound);
            Update update = change.apply(current);
            if (update == null) {
                return current;
            }
            FileRecord next = update.next();
            FileRecord stored;
            try (PreparedStatement statement = connection.prepareStatement("update files set name = ?, tags = ?::jsonb,"
                    + " status = ?, previous_status = ?, deleted_at = ?, updated_at = ?"
                    + " where id = ? and tenant_id = ? and owner_id = ? returning " + COLUMNS)) {
                statement.setString(1, next.name());
                statement.setString(2, Json.write(next.tags()));
                statement.setString(3, next.status().wire());
                statement.setString(4, next.previousStatus() == null ? null : next.previousStatus().wire());
                statement.setObject(5, next.deletedAt() == null ? null : timestamp(next.deletedAt()));
                statement.setObject(6, timestamp(next.updatedAt()));
                statement.setObject(7, id.value());
                statement.setString(8, scope.tenantId());
                statement.setString(9, scope.ownerId());
                try (ResultSet rs = statement.executeQuery()) {
                    if (!rs.next()) {
                        throw FileId.notFound();
                    }
                    stored = read(rs);
                }
            }
            audit(connection, scope, update.audit());
            return stored;
        });
    }

    @Override
    public void remove(Scope scope, FileId id, AuditEntry audit) {
        database.inTransaction(connection -> {
            RowSecurity.actAs(connection, scope);
            try (PreparedStatement statement = connection.prepareStatement(
                    "delete from files where id = ? and tenant_id = ? and owner_id = ?")) {
                statement.setObject(1, id.value());
                statement.setString(2, scope.tenantId());
                statement.setString(3, scope.ownerId());
                statement.executeUpdate();
            }
            audit(connection, scope, audit);
            return null;
        });
    }

    private static Optional<FileRecord> select(Connection connection, Scope scope, FileId id, boolean forUpdate)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select " + COLUMNS
                + " from files where id = ? and tenant_id = ? and owner_id = ?" + (forUpdate ? " for update" : ""))) {
            statement.setObject(1, id.value());
            statement.setString(2, scope.tenantId());
            statement.setString(3, scope.ownerId());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * The columns {@link #read} needs, each qualified with {@code alias}, for a statement of another feature that
     * joins {@code files} in the caller's transaction (search shows the files it finds like the files API does). That
     * transaction must have declared the scope ({@link RowSecurity#actAs}) and the statement must still name it
     * ({@code alias.tenant_id = ? and alias.owner_id = ?}), as every files query here does.
     */
    public static String columns(String alias) {
        return Arrays.stream(COLUMNS.split(",")).map(column -> alias + "." + column.strip())
                .collect(Collectors.joining(", "));
    }

    private static void audit(Connection connection, Scope scope, AuditEntry audit) throws SQLException {
        AuditRows.insert(connection, scope, audit.actor(), audit.action(),
                audit.fileId() == null ? null : audit.fileId().value(), audit.requestId(), audit.details());
    }

    /** The file of the current row of a statement that selected {@link #columns} (its labels are the bare names). */
    public static FileRecord read(ResultSet rs) throws SQLException {
        String previous = rs.getString("previous_status");
        return new FileRecord(
                new FileId(rs.getObject("id", UUID.class)),
                rs.getString("tenant_id"),
                rs.getString("owner_id"),
                rs.getString("name"),
                rs.getString("declared_content_type"),
                rs.getString("detected_content_type"),
                getLong(rs, "size_bytes"),
                getLong(rs, "declared_size_bytes"),
                rs.getString("sha256"),
                FileStatus.fromDatabase(rs.getString("status")),
                rs.getString("rejection_reason"),
                rs.getString("blob_path"),
                rs.getString("blob_etag"),
                rs.getString("access_tier"),
                tags(rs.getString("tags")),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "processed_at"),
                instant(rs, "deleted_at"),
                previous == null ? null : FileStatus.fromDatabase(previous),
                rs.getInt("version"),
                metadata(rs.getString("metadata")),
                rs.getString("blob_container"));
    }

    private static Map<String, Object> metadata(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return Json.mapper().readValue(json, JSON_OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("files.metadata is not a JSON object", e);
        }
    }

    private static Map<String, String> tags(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            Map<String, Object> raw = Json.mapper().readValue(json, JSON_OBJECT);
            Map<String, String> tags = new LinkedHashMap<>();
            raw.forEach((key, value) -> {
                if (value != null) {
                    tags.put(key, value instanceof String s ? s : String.valueOf(value));
                }
            });
            return tags;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("files.tags is not a JSON object", e);
        }
    }

    private static Long getLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    /** {@code %}, {@code _} and the escape character itself match literally. */
    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
