package com.aisaas.backup;

import com.aisaas.common.DependencyException;
import com.aisaas.db.Database;
import com.aisaas.db.SqlErrors;
import com.aisaas.storage.BlobStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports the app's tables as one consistent snapshot: a single {@code REPEATABLE READ READ ONLY} transaction
 * copies every table ({@link PgCopy#tables}) with {@code COPY ... TO STDOUT} (text format), row by row through
 * gzip straight into blobs of the {@code backups} container, a new part whenever one holds {@code partBytes} of
 * rows; then writes the manifest, last. Memory does not grow with table size. The run is recorded in
 * {@code backup_runs} (kind {@code export}) with the manifest's SHA-256, which verification checks the manifest
 * against. A failed export deletes what it wrote, records the failure and throws.
 */
final class BackupExporter {

    /** Rows (uncompressed COPY text) per part: about 40-60 MB stored. */
    static final long DEFAULT_PART_BYTES = 256L * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(BackupExporter.class);

    /** Test seam: called after each table is copied, inside the snapshot transaction. */
    interface Listener {
        Listener NONE = table -> { };

        void tableCopied(String table);
    }

    private final Database database;
    private final BackupStorage storage;
    private final BackupRuns runs;
    private final Clock clock;
    private final long partBytes;
    private final Listener listener;

    BackupExporter(Database database, BackupStorage storage, BackupRuns runs, Clock clock, long partBytes,
                   Listener listener) {
        this.database = Objects.requireNonNull(database, "database");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (partBytes < 1) {
            throw new IllegalArgumentException("partBytes must be positive");
        }
        this.partBytes = partBytes;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    ExportResult export() {
        Instant started = clock.instant();
        long nanos = System.nanoTime();
        BackupRunId runId = BackupRunId.next(started);
        String manifestPath = BackupStorage.path(runId, BackupManifest.FILE_NAME);
        long row = runs.start(BackupRun.EXPORT, started, Optional.of(manifestPath), PgCopy.details("runId", runId.value()));
        try {
            storage.ensureContainer();
            Snapshot snapshot = copyTables(runId);
            Instant finished = clock.instant();
            BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT_VERSION, runId.value(),
                    BackupManifest.FORMAT, BackupManifest.COMPRESSION, ContentChecksum.ALGORITHM, snapshot.schemaVersion,
                    snapshot.serverVersion, started, finished, snapshot.tables);
            byte[] json = manifest.toJson();
            storage.writeManifest(runId, json);
            String manifestSha = HexFormat.of().formatHex(PartWriter.sha256().digest(json));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - nanos);
            Map<String, Object> rows = new LinkedHashMap<>();
            manifest.tables().forEach(t -> rows.put(t.name(), t.rows()));
            runs.finish(row, true, clock.instant(), PgCopy.details(
                    "runId", runId.value(),
                    "manifestSha256", manifestSha,
                    "schemaVersion", manifest.schemaVersion(),
                    "rows", rows,
                    "parts", manifest.tables().stream().mapToInt(t -> t.parts().size()).sum(),
                    "bytes", manifest.totalBytes(),
                    "uncompressedBytes", manifest.tables().stream().flatMap(t -> t.parts().stream())
                            .mapToLong(BackupManifest.Part::uncompressedBytes).sum(),
                    "elapsedMs", elapsed.toMillis()));
            log.info("backup {} exported: {} rows in {} tables, {} bytes stored, {} ms", runId, manifest.totalRows(),
                    manifest.tables().size(), manifest.totalBytes(), elapsed.toMillis());
            return new ExportResult(runId, row, manifestPath, manifest, manifestSha, elapsed);
        } catch (RuntimeException e) {
            fail(runId, row, e);
            throw e;
        }
    }

    private void fail(BackupRunId runId, long row, RuntimeException failure) {
        try {
            storage.delete(runId);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        try {
            runs.finish(row, false, clock.instant(), PgCopy.details("runId", runId.value(), "error", reason(failure)));
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    static String reason(Throwable failure) {
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message;
    }

    private record Snapshot(String schemaVersion, String serverVersion, List<BackupManifest.Table> tables) {
    }

    private Snapshot copyTables(BackupRunId runId) {
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try {
                PgCopy.pinOutputSettings(connection);           // the first statement takes the snapshot
                String schema = PgCopy.currentSchema(connection);
                String schemaVersion = PgCopy.schemaVersion(connection, schema);
                String serverVersion = serverVersion(connection);
                CopyManager copy = PgCopy.copyApi(connection);
                List<BackupManifest.Table> tables = new ArrayList<>();
                for (PgCopy.TableDef table : PgCopy.tables(connection, schema)) {
                    tables.add(copyTable(copy, schema, table, runId));
                    listener.tableCopied(table.name());
                }
                connection.commit();
                return new Snapshot(schemaVersion, serverVersion, tables);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setReadOnly(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e, "backup export");
        }
    }

    private BackupManifest.Table copyTable(CopyManager copy, String schema, PgCopy.TableDef table, BackupRunId runId)
            throws SQLException {
        ContentChecksum checksum = new ContentChecksum();
        int partNumber = 0;
        long partRows = 0;
        long partBytes = 0;
        CopyOut out = null;
        try (PartPipeline parts = new PartPipeline(name -> storage.create(runId, name), "backup-export-" + table.name())) {
            out = copy.copyOut(PgCopy.copyOut(schema, table.name(), table.columns(), table.partitioned()));
            parts.startPart(BackupManifest.partName(table.name(), ++partNumber));   // an empty table has one empty part
            byte[] line;
            while ((line = out.readFromCopy()) != null) {
                if (partBytes >= this.partBytes) {
                    parts.finishPart(partRows, partBytes);
                    parts.startPart(BackupManifest.partName(table.name(), ++partNumber));
                    partRows = 0;
                    partBytes = 0;
                }
                parts.write(line);
                checksum.addRow(line);
                partRows++;
                partBytes += line.length;
            }
            parts.finishPart(partRows, partBytes);
            List<BackupManifest.Part> written = parts.finish();
            return new BackupManifest.Table(table.name(), table.columns(), checksum.rows(), checksum.value(), written);
        } catch (IOException | UncheckedIOException e) {
            throw new DependencyException(BlobStorage.COMPONENT, true, "write "
                    + BackupStorage.path(runId, BackupManifest.partName(table.name(), partNumber)) + " failed: "
                    + reason(e), e);
        } finally {
            if (out != null && out.isActive()) {
                out.cancelCopy();
            }
        }
    }

    private static String serverVersion(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("show server_version");
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
