package com.aisaas.backup;

import com.aisaas.common.NotFoundException;
import com.aisaas.config.BackupSettings;
import com.aisaas.db.Database;
import com.aisaas.db.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves that a backup can be restored, and records the result in {@code backup_runs} (kind {@code verify}):
 * <ol>
 *   <li>{@code backup}: there is a complete backup (one with a manifest);</li>
 *   <li>{@code age}: the newest one is not older than BACKUP_RPO_HOURS;</li>
 *   <li>{@code manifest}: its SHA-256 is the one the export recorded, and it parses;</li>
 *   <li>{@code table:<name>}: every part exists with the manifest's size and SHA-256, and the table restores into
 *       a scratch schema {@code backup_verify_<runId>} (unlogged tables created {@code LIKE} the originals: no
 *       RLS, no triggers, no indexes) with the manifest's row count and content checksum; the schema is dropped
 *       afterwards;</li>
 *   <li>{@code blob-sample}: BACKUP_VERIFY_SAMPLE_SIZE stored blobs re-hashed against {@code files.sha256}.</li>
 * </ol>
 * A failed check does not stop the others. Failures of the database or Storage themselves (not of the backup) are
 * recorded and thrown as {@link com.aisaas.common.DependencyException}.
 */
final class BackupVerifier {

    static final String SCRATCH_PREFIX = "backup_verify_";

    private static final Logger log = LoggerFactory.getLogger(BackupVerifier.class);

    private final Database database;
    private final BackupStorage storage;
    private final BackupRuns runs;
    private final BlobSample blobSample;
    private final BackupSettings settings;
    private final Clock clock;

    BackupVerifier(Database database, BackupStorage storage, BackupRuns runs, BlobSample blobSample,
                   BackupSettings settings, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.blobSample = Objects.requireNonNull(blobSample, "blobSample");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Verifies {@code which} backup, or the newest complete one when empty. */
    VerificationResult verify(Optional<BackupRunId> which) {
        Instant now = clock.instant();
        long nanos = System.nanoTime();
        long row = runs.start(BackupRun.VERIFY, now, Optional.empty(),
                PgCopy.details("runId", which.map(BackupRunId::value).orElse(null)));
        List<VerificationResult.Check> checks = new ArrayList<>();
        Optional<BackupRunId> backup = Optional.empty();
        try {
            backup = which.isPresent() ? which : newestComplete();
            if (backup.isEmpty()) {
                checks.add(new VerificationResult.Check("backup", false,
                        "no complete backup (a folder with " + BackupManifest.FILE_NAME + ") in the backups container"));
            } else {
                checks.add(new VerificationResult.Check("backup", true, backup.get().value()));
                checkBackup(backup.get(), now, checks);
            }
            checks.add(checkBlobSample());
        } catch (RuntimeException e) {
            finish(row, backup, false, checks, nanos, Optional.of(BackupExporter.reason(e)));
            throw e;
        }
        boolean passed = checks.stream().allMatch(VerificationResult.Check::passed);
        VerificationResult result = new VerificationResult(backup, passed, checks, row,
                Duration.ofNanos(System.nanoTime() - nanos));
        finish(row, backup, passed, checks, nanos, Optional.empty());
        if (passed) {
            log.info("backup {} verified in {} ms", backup.map(BackupRunId::value).orElse("-"), result.elapsed().toMillis());
        } else {
            log.error("backup verification failed for {}: {}", backup.map(BackupRunId::value).orElse("(none)"),
                    result.failures());
        }
        return result;
    }

    private Optional<BackupRunId> newestComplete() {
        List<BackupRunId> ids = storage.list();
        for (int i = ids.size() - 1; i >= 0; i--) {
            if (storage.hasManifest(ids.get(i))) {
                return Optional.of(ids.get(i));
            }
        }
        return Optional.empty();
    }

    private void checkBackup(BackupRunId runId, Instant now, List<VerificationResult.Check> checks) {
        Duration age = Duration.between(runId.startedAt(), now);
        boolean fresh = age.compareTo(settings.rpo()) <= 0;
        checks.add(new VerificationResult.Check("age", fresh, "backup " + runId + " was taken " + human(age)
                + " ago; BACKUP_RPO_HOURS allows " + settings.rpo().toHours() + " h"
                + (fresh ? "" : ": older than the RPO")));

        byte[] json;
        try {
            json = storage.readManifest(runId);
        } catch (NotFoundException e) {
            checks.add(new VerificationResult.Check("manifest", false, BackupStorage.path(runId,
                    BackupManifest.FILE_NAME) + " is missing"));
            return;
        }
        String sha = HexFormat.of().formatHex(PartWriter.sha256().digest(json));
        Optional<String> recorded = runs.manifestSha256(runId);
        BackupManifest manifest;
        try {
            manifest = BackupManifest.parse(json);
            if (!manifest.runId().equals(runId.value())) {
                throw new IllegalArgumentException("manifest runId " + manifest.runId() + " does not match its folder "
                        + runId);
            }
        } catch (IllegalArgumentException e) {
            checks.add(new VerificationResult.Check("manifest", false, e.getMessage()
                    + recorded.filter(r -> !r.equals(sha)).map(r -> "; its SHA-256 is " + sha
                            + ", the export recorded " + r).orElse("")));
            return;
        }
        if (recorded.isEmpty()) {
            checks.add(new VerificationResult.Check("manifest", false, "no successful export of " + runId
                    + " is recorded in backup_runs, so the manifest cannot be authenticated"));
        } else if (!recorded.get().equals(sha)) {
            checks.add(new VerificationResult.Check("manifest", false, "manifest SHA-256 is " + sha
                    + ", the export recorded " + recorded.get() + ": the manifest was changed after the export"));
        } else {
            checks.add(new VerificationResult.Check("manifest", true, "schema version " + manifest.schemaVersion() + ", "
                    + manifest.tables().size() + " tables, " + manifest.totalRows() + " rows, SHA-256 " + sha));
        }
        restoreIntoScratch(runId, manifest, checks);
    }

    private void restoreIntoScratch(BackupRunId runId, BackupManifest manifest, List<VerificationResult.Check> checks) {
        String scratch = runId.identifier(SCRATCH_PREFIX);
        PartLoader loader = new PartLoader(storage);
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(true);
            String source = PgCopy.currentSchema(connection);
            execute(connection, "drop schema if exists " + PgCopy.quote(scratch) + " cascade");
            execute(connection, "create schema " + PgCopy.quote(scratch));
            try {
                CopyManager copy = PgCopy.copyApi(connection);
                for (BackupManifest.Table table : manifest.tables()) {
                    checks.add(restoreTable(connection, copy, loader, runId, source, scratch, table));
                }
            } finally {
                connection.setAutoCommit(true);
                execute(connection, "drop schema if exists " + PgCopy.quote(scratch) + " cascade");
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e, "backup verification (scratch restore)");
        }
    }

    private VerificationResult.Check restoreTable(Connection connection, CopyManager copy, PartLoader loader,
                                                  BackupRunId runId, String source, String scratch,
                                                  BackupManifest.Table table) throws SQLException {
        String name = "table:" + table.name();
        String note = createScratchTable(connection, source, scratch, table);
        List<String> problems = new ArrayList<>();
        connection.setAutoCommit(false);
        try {
            PgCopy.pinOutputSettings(connection);
            String copyIn = PgCopy.copyIn(scratch, table.name(), table.columns());
            boolean loading = true;
            for (BackupManifest.Part part : table.parts()) {
                PartLoader.Outcome outcome = loading ? loader.load(runId, part, copy, copyIn) : loader.check(runId, part);
                problems.addAll(outcome.problems());
                if (outcome.missing() || outcome.loadError().isPresent()) {
                    loading = false;                   // the transaction is aborted: only check the other parts
                }
            }
            if (loading) {
                ContentChecksum restored = PgCopy.checksum(copy, scratch, table.name(), table.columns());
                if (restored.rows() != table.rows()) {
                    problems.add("restored " + restored.rows() + " rows, the manifest says " + table.rows());
                }
                if (!restored.value().equals(table.contentChecksum())) {
                    problems.add("content checksum of the restored rows is " + restored.value()
                            + ", the manifest says " + table.contentChecksum());
                }
            }
        } finally {
            connection.rollback();                     // the scratch rows are not needed after the comparison
            connection.setAutoCommit(true);
        }
        if (problems.isEmpty()) {
            return new VerificationResult.Check(name, true, table.rows() + " rows in " + table.parts().size()
                    + " part(s) restored, content checksum matches" + note);
        }
        return new VerificationResult.Check(name, false, String.join("; ", problems) + note);
    }

    /**
     * An unlogged copy of the table's shape {@code LIKE} the original when that still has the backup's columns;
     * otherwise (the table changed or went away since) the backup's columns as text, which still proves the parts
     * restore and their content checksum.
     */
    private static String createScratchTable(Connection connection, String source, String scratch,
                                             BackupManifest.Table table) throws SQLException {
        String target = PgCopy.quote(scratch) + "." + PgCopy.quote(table.name());
        if (PgCopy.tableExists(connection, source, table.name())
                && PgCopy.columns(connection, source, table.name()).containsAll(table.columns())) {
            execute(connection, "create unlogged table " + target + " (like " + PgCopy.quote(source) + "."
                    + PgCopy.quote(table.name()) + ")");
            return "";
        }
        execute(connection, "create unlogged table " + target + " (" + String.join(", ",
                table.columns().stream().map(c -> PgCopy.quote(c) + " text").toList()) + ")");
        return " (restored as text columns: the table no longer has these columns in schema " + source + ")";
    }

    private VerificationResult.Check checkBlobSample() {
        int size = settings.verifySampleSize();
        if (size == 0) {
            return new VerificationResult.Check("blob-sample", true, "BACKUP_VERIFY_SAMPLE_SIZE is 0: no blobs sampled");
        }
        List<BlobSample.Sampled> sampled = blobSample.check(size);
        List<String> bad = sampled.stream().filter(s -> !s.matches()).map(BlobSample.Sampled::detail).toList();
        if (bad.isEmpty()) {
            return new VerificationResult.Check("blob-sample", true, sampled.size() + " of " + sampled.size()
                    + " sampled blobs match files.sha256" + (sampled.size() < size ? " (fewer ready files than "
                    + size + ")" : ""));
        }
        return new VerificationResult.Check("blob-sample", false, bad.size() + " of " + sampled.size()
                + " sampled blobs do not match: " + String.join("; ", bad));
    }

    private void finish(long row, Optional<BackupRunId> backup, boolean passed, List<VerificationResult.Check> checks,
                        long nanos, Optional<String> error) {
        List<Map<String, Object>> details = checks.stream()
                .map(c -> PgCopy.details("name", c.name(), "passed", c.passed(), "detail", c.detail())).toList();
        Map<String, Object> all = PgCopy.details(
                "runId", backup.map(BackupRunId::value).orElse(null),
                "checks", details,
                "failures", checks.stream().filter(c -> !c.passed()).map(c -> c.name() + ": " + c.detail()).toList(),
                "elapsedMs", Duration.ofNanos(System.nanoTime() - nanos).toMillis());
        error.ifPresent(e -> all.put("error", e));
        try {
            runs.finish(row, passed && error.isEmpty(), clock.instant(), all);
        } catch (RuntimeException e) {
            if (error.isEmpty()) {
                throw e;
            }
            log.warn("could not record the failed verification {}: {}", row, e.toString());
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static String human(Duration duration) {
        long minutes = Math.max(0, duration.toMinutes());
        if (minutes < 60) {
            return minutes + " min";
        }
        return minutes / 60 + " h " + minutes % 60 + " min";
    }
}
