package com.aisaas.backup;

import com.aisaas.common.ConflictException;
import com.aisaas.common.NotFoundException;
import com.aisaas.db.SqlErrors;
import com.azure.storage.blob.BlobServiceClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import com.aisaas.db.Migrations;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a backup into a database, in one transaction (all tables or none):
 * <ul>
 *   <li>into the database's app schema (the default): Flyway first migrates the target to the backup's schema
 *       version (a fresh database gets the whole schema: RLS, triggers, indexes); then every table is loaded with
 *       {@code COPY ... FROM STDIN} with row-level security and user triggers switched off for the load only, and
 *       the sequences are moved past the restored ids;</li>
 *   <li>into another schema ({@link Options#schema()}), e.g. to inspect a backup next to the live data: tables
 *       are created there {@code LIKE} the app schema's tables ({@code INCLUDING ALL}: defaults, checks, indexes;
 *       no RLS, triggers or foreign keys).</li>
 * </ul>
 * Tables that already hold rows are refused ({@link ConflictException}) unless {@link Options#replace()}, which
 * truncates them in the same transaction. Every part's size and SHA-256 are checked while it streams, and each
 * table's row count and content checksum after loading; any difference rolls the whole restore back.
 */
public final class BackupRestorer {

    private static final Logger log = LoggerFactory.getLogger(BackupRestorer.class);

    /**
     * @param schema the target schema; empty = the database's app schema (its {@code current_schema()}), migrated
     * @param replace truncate target tables that already hold rows instead of refusing
     */
    /**
     * @param runtimeRole     the target's runtime role, which the migrations grant to (DB_USER)
     * @param maintenanceRole the target's maintenance role (DB_MAINTENANCE_USER)
     */
    public record Options(Optional<String> schema, boolean replace, String runtimeRole, String maintenanceRole) {
        public Options {
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(runtimeRole, "runtimeRole");
            Objects.requireNonNull(maintenanceRole, "maintenanceRole");
            schema.ifPresent(s -> {
                if (!s.matches("[a-z_][a-z0-9_]{0,62}")) {
                    throw new IllegalArgumentException("schema must be a lower-case identifier: '" + s + "'");
                }
            });
        }

        public static Options defaults(String runtimeRole, String maintenanceRole) {
            return new Options(Optional.empty(), false, runtimeRole, maintenanceRole);
        }
    }

    private final BackupStorage storage;

    public BackupRestorer(BlobServiceClient blobService) {
        this(new BackupStorage(blobService));
    }

    BackupRestorer(BackupStorage storage) {
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /** The newest complete backup in Storage. */
    public Optional<BackupRunId> latest() {
        List<BackupRunId> ids = storage.list();
        for (int i = ids.size() - 1; i >= 0; i--) {
            if (storage.hasManifest(ids.get(i))) {
                return Optional.of(ids.get(i));
            }
        }
        return Optional.empty();
    }

    /** The backups in Storage, oldest first, with their manifest when they have a readable one. */
    public Map<BackupRunId, Optional<BackupManifest>> list() {
        Map<BackupRunId, Optional<BackupManifest>> all = new LinkedHashMap<>();
        for (BackupRunId id : storage.list()) {
            Optional<BackupManifest> manifest;
            try {
                manifest = Optional.of(BackupManifest.parse(storage.readManifest(id)));
            } catch (NotFoundException | IllegalArgumentException e) {
                manifest = Optional.empty();
            }
            all.put(id, manifest);
        }
        return all;
    }

    /**
     * Restores {@code runId} into {@code target}.
     *
     * @throws NotFoundException the backup has no manifest
     * @throws ConflictException target tables hold rows and {@code replace} was not given
     * @throws IllegalStateException a part is missing or corrupt, or a restored table does not match the manifest
     *         (nothing was restored)
     */
    public RestoreResult restore(BackupRunId runId, DataSource target, Options options) {
        long nanos = System.nanoTime();
        BackupManifest manifest = BackupManifest.parse(storage.readManifest(runId));
        if (options.schema().isEmpty()) {
            migrate(target, manifest.schemaVersion(), options);
        }
        try (Connection connection = target.getConnection()) {
            connection.setAutoCommit(false);
            try {
                String appSchema = PgCopy.currentSchema(connection);
                String schema = options.schema().orElse(appSchema);
                if (options.schema().isPresent()) {
                    createLike(connection, appSchema, schema, manifest);
                }
                refuseOrTruncate(connection, schema, manifest, options.replace());
                Map<String, Long> rows = load(connection, runId, schema, manifest, options.schema().isEmpty());
                connection.commit();
                Duration elapsed = Duration.ofNanos(System.nanoTime() - nanos);
                log.info("backup {} restored into schema {}: {} rows in {} ms", runId, schema,
                        rows.values().stream().mapToLong(Long::longValue).sum(), elapsed.toMillis());
                return new RestoreResult(runId, schema, manifest.schemaVersion(), rows, elapsed);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e, "restore " + runId);
        }
    }

    private static void migrate(DataSource target, String version, Options options) {
        Flyway flyway = Migrations.configure(target, options.runtimeRole(), options.maintenanceRole())
                .target("none".equals(version) ? MigrationVersion.EMPTY : MigrationVersion.fromVersion(version))
                .load();
        MigrationVersion current = flyway.info().current() == null ? MigrationVersion.EMPTY
                : flyway.info().current().getVersion();
        if (!"none".equals(version) && current.compareTo(MigrationVersion.fromVersion(version)) > 0) {
            log.warn("target schema is at version {}, newer than the backup's {}: restoring the backup's columns into it",
                    current, version);
            return;
        }
        try {
            flyway.migrate();
        } catch (FlywayException e) {
            throw new IllegalStateException("migrating the target to schema version " + version + " failed: "
                    + e.getMessage(), e);
        }
    }

    private static void createLike(Connection connection, String appSchema, String schema, BackupManifest manifest)
            throws SQLException {
        execute(connection, "create schema if not exists " + PgCopy.quote(schema));
        for (BackupManifest.Table table : manifest.tables()) {
            if (PgCopy.tableExists(connection, schema, table.name())) {
                continue;
            }
            if (!PgCopy.tableExists(connection, appSchema, table.name())) {
                throw new IllegalStateException("table " + table.name() + " does not exist in schema " + appSchema
                        + " to copy its shape from; restore into a fresh database instead");
            }
            execute(connection, "create table " + PgCopy.quote(schema) + "." + PgCopy.quote(table.name()) + " (like "
                    + PgCopy.quote(appSchema) + "." + PgCopy.quote(table.name()) + " including all)");
        }
    }

    private static void refuseOrTruncate(Connection connection, String schema, BackupManifest manifest, boolean replace)
            throws SQLException {
        List<String> nonEmpty = new ArrayList<>();
        for (BackupManifest.Table table : manifest.tables()) {
            if (!PgCopy.tableExists(connection, schema, table.name())) {
                throw new IllegalStateException("table " + schema + "." + table.name() + " does not exist in the target");
            }
            try (PreparedStatement statement = connection.prepareStatement("select exists (select 1 from "
                    + PgCopy.quote(schema) + "." + PgCopy.quote(table.name()) + ")");
                 ResultSet rs = statement.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    nonEmpty.add(table.name());
                }
            }
        }
        if (nonEmpty.isEmpty()) {
            return;
        }
        if (!replace) {
            throw new ConflictException("target tables in schema " + schema + " already hold rows: "
                    + String.join(", ", nonEmpty) + " (nothing was restored; replace them with --replace)");
        }
        execute(connection, "truncate table " + String.join(", ", manifest.tables().stream()
                .map(t -> PgCopy.quote(schema) + "." + PgCopy.quote(t.name())).toList()));
        log.warn("truncated {} in schema {} before restoring", nonEmpty, schema);
    }

    private Map<String, Long> load(Connection connection, BackupRunId runId, String schema, BackupManifest manifest,
                                   boolean appSchema) throws SQLException {
        PgCopy.pinOutputSettings(connection);
        CopyManager copy = PgCopy.copyApi(connection);
        PartLoader loader = new PartLoader(storage);
        Map<String, Long> rows = new LinkedHashMap<>();
        for (BackupManifest.Table table : manifest.tables()) {
            String qualified = PgCopy.quote(schema) + "." + PgCopy.quote(table.name());
            boolean rls = rowSecurity(connection, schema, table.name());
            // Restored rows are as they were: no policy filtering, no triggers rewriting them (undone at commit).
            if (rls) {
                execute(connection, "alter table " + qualified + " disable row level security");
            }
            execute(connection, "alter table " + qualified + " disable trigger user");
            String copyIn = PgCopy.copyIn(schema, table.name(), table.columns());
            for (BackupManifest.Part part : table.parts()) {
                List<String> problems = loader.load(runId, part, copy, copyIn).problems();
                if (!problems.isEmpty()) {
                    throw new IllegalStateException("backup " + runId + " cannot be restored (nothing was): "
                            + String.join("; ", problems));
                }
            }
            ContentChecksum restored = PgCopy.checksum(copy, schema, table.name(), table.columns());
            if (restored.rows() != table.rows() || !restored.value().equals(table.contentChecksum())) {
                throw new IllegalStateException("restored table " + table.name() + " has " + restored.rows()
                        + " rows with content checksum " + restored.value() + ", the manifest says " + table.rows()
                        + " rows with " + table.contentChecksum() + " (nothing was restored)");
            }
            execute(connection, "alter table " + qualified + " enable trigger user");
            if (rls) {
                execute(connection, "alter table " + qualified + " enable row level security");
            }
            if (appSchema) {
                resetSequences(connection, schema, table.name());
            }
            rows.put(table.name(), table.rows());
        }
        return rows;
    }

    private static boolean rowSecurity(Connection connection, String schema, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select relrowsecurity from pg_class where oid = (quote_ident(?) || '.' || quote_ident(?))::regclass")) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Moves every sequence owned by a column of the table past the largest restored value. */
    private static void resetSequences(Connection connection, String schema, String table) throws SQLException {
        List<String[]> owned = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select a.attname, pg_get_serial_sequence(quote_ident(?) || '.' || quote_ident(?), a.attname)
                  from pg_attribute a
                 where a.attrelid = (quote_ident(?) || '.' || quote_ident(?))::regclass and a.attnum > 0
                   and not a.attisdropped""")) {
            statement.setString(1, schema);
            statement.setString(2, table);
            statement.setString(3, schema);
            statement.setString(4, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(2) != null) {
                        owned.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
        }
        for (String[] column : owned) {
            try (PreparedStatement statement = connection.prepareStatement("select setval(?::regclass, coalesce((select max("
                    + PgCopy.quote(column[0]) + ") from " + PgCopy.quote(schema) + "." + PgCopy.quote(table)
                    + "), 1), (select count(*) > 0 from " + PgCopy.quote(schema) + "." + PgCopy.quote(table) + "))")) {
                statement.setString(1, column[1]);
                statement.execute();
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
