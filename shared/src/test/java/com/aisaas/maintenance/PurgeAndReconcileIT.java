package com.aisaas.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.app.AppContext;
import com.aisaas.cache.MetadataCache;
import com.aisaas.devhost.services.LocalPostgres;
import com.aisaas.devhost.services.LocalServices;
import com.aisaas.devhost.services.Service;
import com.aisaas.files.BlobPaths;
import com.aisaas.testing.MutableClock;
import com.aisaas.testing.TestServices;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobServiceClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retention purge and reconciliation on prepared states: rows in a fresh database, blobs in an Azurite of this
 * class's own (so that the containers hold only what the tests put there). Each job runs twice; the second run
 * changes nothing. Batches of 2 make every walk and purge go over several pages.
 */
class PurgeAndReconcileIT {

    private static LocalServices azurite;
    private static BlobServiceClient blobs;

    @BeforeAll
    static void start() {
        azurite = LocalServices.start(LocalServices.Options.defaults().services(Service.AZURITE));
        try (AppContext context = AppContext.create(env("maint_setup"))) {
            blobs = context.blobStorage().service();
            for (String container : List.of(BlobPaths.UPLOADS_CONTAINER, BlobPaths.QUARANTINE_CONTAINER,
                    BlobPaths.DELETED_CONTAINER)) {
                blobs.getBlobContainerClient(container).createIfNotExists();
            }
        }
    }

    @AfterAll
    static void stop() {
        if (azurite != null) {
            azurite.close();
        }
    }

    private static Map<String, String> env(String prefix) {
        Map<String, String> env = TestServices.appEnvironment(prefix);
        env.put("UploadsStorage", azurite.settings().get("UploadsStorage"));
        env.put("RETENTION_BATCH_SIZE", "2");
        return env;
    }

    @Test
    void purge_removesWhatPassedItsRetention_inBatches_andASecondRunChangesNothing() throws SQLException {
        Map<String, String> env = env("maint_purge");
        String url = env.get("DB_URL");
        try (AppContext context = AppContext.create(env)) {
            context.database(); // migrate
            UUID purged = insertFile(url, "deleted", "ready", "10 days", "old.txt");
            blob(BlobPaths.DELETED_CONTAINER, url, purged);
            UUID inWindow = insertFile(url, "deleted", "ready", "2 days", "recent.txt");
            blob(BlobPaths.DELETED_CONTAINER, url, inWindow);
            UUID rejected = insertFile(url, "deleted", "rejected", "10 days", "bad.exe");
            blob(BlobPaths.QUARANTINE_CONTAINER, url, rejected);
            UUID blobless = insertFile(url, "deleted", "pending", "9 days", "never-uploaded.txt");
            UUID ready = insertFile(url, "ready", null, null, "kept.txt");
            for (int i = 0; i < 3; i++) {
                event(url, "completed", "40 days");
            }
            event(url, "failed", "40 days");
            event(url, "processing", "40 days");
            event(url, "completed", "1 day");
            for (int i = 0; i < 3; i++) {
                sql(url, "insert into health_checks (checked_at, component, status) values"
                        + " (now() - interval '31 days', 'redis', 'UP')");
            }
            sql(url, "insert into health_checks (checked_at, component, status) values (now(), 'redis', 'UP')");
            sql(url, "insert into dead_letters (source, payload, reason, created_at) values"
                    + " ('upload-orphan', '{}', 'old', now() - interval '91 days'),"
                    + " ('upload-failed', '{}', 'old', now() - interval '100 days'),"
                    + " ('upload-orphan', '{}', 'new', now() - interval '1 day')");

            sql(url, "insert into alerts (alert_key, component, message, opened_at, last_seen, cleared_at) values"
                    + " ('redis.down', 'redis', 'old', now() - interval '40 days', now() - interval '40 days',"
                    + " now() - interval '39 days'),"
                    + " ('redis.memory', 'redis', 'open for long', now() - interval '40 days', now(), null),"
                    + " ('blob.down', 'blob', 'recent', now() - interval '2 days', now() - interval '2 days', now())");
            sql(url, "insert into maintenance_runs (kind, started_at, finished_at, status) values"
                    + " ('reconciliation', now() - interval '31 days', now() - interval '31 days', 'succeeded')");

            MaintenanceRun first = context.retention().run();
            MaintenanceRun second = context.retention().run();

            assertThat(first.status()).isEqualTo(MaintenanceRun.SUCCEEDED);
            assertThat(first.counts()).containsEntry("files", 3L).containsEntry("fileBlobsDeleted", 2L)
                    .containsEntry("filesSkipped", 0L).containsEntry("processedEvents", 4L)
                    .containsEntry("healthChecks", 3L).containsEntry("deadLetters", 2L)
                    .containsEntry("alerts", 1L).containsEntry("maintenanceRuns", 1L);
            assertThat(first.details()).containsEntry("complete", true);
            assertThat(second.counts()).containsEntry("files", 0L).containsEntry("fileBlobsDeleted", 0L)
                    .containsEntry("processedEvents", 0L).containsEntry("healthChecks", 0L)
                    .containsEntry("deadLetters", 0L).containsEntry("alerts", 0L)
                    .containsEntry("maintenanceRuns", 0L);

            assertThat(fileIds(url)).containsExactlyInAnyOrder(inWindow, ready);
            assertThat(exists(BlobPaths.DELETED_CONTAINER, url, purged)).isFalse();
            assertThat(exists(BlobPaths.QUARANTINE_CONTAINER, url, rejected)).isFalse();
            assertThat(exists(BlobPaths.DELETED_CONTAINER, url, inWindow)).isTrue();
            assertThat(count(url, "select count(*) from audit_log where action = 'file.purged'"
                    + " and actor = 'system:retention'")).isEqualTo(3);
            assertThat(count(url, "select count(*) from audit_log where action = 'file.purged' and file_id in ('"
                    + purged + "', '" + rejected + "', '" + blobless + "')")).isEqualTo(3);
            assertThat(count(url, "select count(*) from processed_events")).isEqualTo(2);
            assertThat(count(url, "select count(*) from processed_events where status = 'processing'")).isEqualTo(1);
            assertThat(count(url, "select count(*) from health_checks")).isEqualTo(1);
            assertThat(count(url, "select count(*) from dead_letters")).isEqualTo(1);
            assertThat(count(url, "select count(*) from alerts")).isEqualTo(2);
            assertThat(count(url, "select count(*) from maintenance_runs where kind = 'reconciliation'")).isZero();

            List<MaintenanceRun> reports = context.maintenanceReports().recentRuns(Optional.of(RetentionPurge.KIND),
                    10, Optional.empty());
            assertThat(reports).extracting(MaintenanceRun::id).containsExactly(second.id(), first.id());
            assertThat(reports.get(1).count("files")).isEqualTo(3);
            assertThat(reports.get(1).finishedAt()).isNotNull();
        }
    }

    @Test
    void reconcile_marksMissingBlobs_recordsOrphansOnce_expiresAbandonedUploads_andASecondRunChangesNothing()
            throws SQLException {
        Map<String, String> env = env("maint_reconcile");
        String url = env.get("DB_URL");
        try (AppContext context = AppContext.create(env)) {
            context.database(); // migrate
            UUID readyWithBlob = insertFile(url, "ready", null, null, "a.txt");
            blob(BlobPaths.UPLOADS_CONTAINER, url, readyWithBlob);
            UUID readyLost = insertFile(url, "ready", null, null, "b.txt");
            UUID rejectedWithBlob = insertFile(url, "rejected", null, null, "c.exe");
            blob(BlobPaths.QUARANTINE_CONTAINER, url, rejectedWithBlob);
            UUID rejectedLost = insertFile(url, "rejected", null, null, "d.exe");
            UUID deletedWithBlob = insertFile(url, "deleted", "ready", "1 day", "e.txt");
            blob(BlobPaths.DELETED_CONTAINER, url, deletedWithBlob);
            UUID deletedLost = insertFile(url, "deleted", "ready", "1 day", "f.txt");
            UUID abandoned = insertFile(url, "pending", null, null, "g.txt");
            UUID unprocessed = insertFile(url, "pending", null, null, "h.txt");
            blob(BlobPaths.UPLOADS_CONTAINER, url, unprocessed);
            UUID failed = insertFile(url, "failed", null, null, "i.txt");
            List<String> orphans = new ArrayList<>();
            for (String name : List.of("x.bin", "y.bin", "z.bin")) {
                String orphan = "t-rec/o-rec/" + UUID.randomUUID() + "/" + name;
                blobs.getBlobContainerClient(BlobPaths.UPLOADS_CONTAINER).getBlobClient(orphan)
                        .upload(BinaryData.fromString("orphan"));
                orphans.add(BlobPaths.UPLOADS_CONTAINER + "/" + orphan);
            }
            // the upload processor met the third orphan already (no eTag in its key)
            sql(url, "insert into dead_letters (source, event_id, payload, reason) values ('upload-orphan', '"
                    + orphans.get(2) + "', '{}', 'blob matches no file: uploaded outside the API')");
            // two hours on: every blob is older than RECONCILE_ORPHAN_MIN_AGE_MINUTES, every session has expired
            MutableClock clock = new MutableClock(Instant.now().plus(Duration.ofHours(2)));
            Reconciliation reconciliation = new Reconciliation(context.maintenanceDatabase(),
                    new AzureMaintenanceBlobs(blobs), MetadataCache.disabled(), context.settings().maintenance(),
                    context.settings().files().uploadSasTtl(), clock);

            MaintenanceRun first = reconciliation.run();
            String stateAfterFirst = state(url);
            MaintenanceRun second = reconciliation.run();

            assertThat(first.status()).isEqualTo(MaintenanceRun.SUCCEEDED);
            assertThat(first.counts()).containsEntry("missingBlobs", 3L).containsEntry("orphansRecorded", 2L)
                    .containsEntry("orphansAlreadyRecorded", 1L).containsEntry("pendingExpired", 1L)
                    .containsEntry("pendingWithBlob", 1L).containsEntry("rowsChecked", 13L);
            assertThat(first.count("blobsListed")).isGreaterThanOrEqualTo(8);
            assertThat(first.details().get("missingBlobFileIds")).asList().containsExactlyInAnyOrder(
                    readyLost.toString(), rejectedLost.toString(), deletedLost.toString());
            assertThat(first.details().get("orphanBlobPaths")).asList()
                    .containsExactlyInAnyOrder(orphans.get(0), orphans.get(1));
            assertThat(first.details().get("expiredFileIds")).asList().containsExactly(abandoned.toString());
            assertThat(first.details().get("pendingWithBlobFileIds")).asList().containsExactly(unprocessed.toString());

            assertThat(second.counts()).containsEntry("missingBlobs", 0L).containsEntry("orphansRecorded", 0L)
                    .containsEntry("orphansAlreadyRecorded", 3L).containsEntry("pendingExpired", 0L)
                    .containsEntry("pendingWithBlob", 1L);
            assertThat(state(url)).isEqualTo(stateAfterFirst);

            assertThat(row(url, readyWithBlob)).isEqualTo("ready|null|null");
            assertThat(row(url, readyLost)).isEqualTo("failed|null|blob missing");
            assertThat(row(url, rejectedWithBlob)).isEqualTo("rejected|null|null");
            assertThat(row(url, rejectedLost)).isEqualTo("failed|null|blob missing");
            assertThat(row(url, deletedWithBlob)).isEqualTo("deleted|ready|null");
            assertThat(row(url, deletedLost)).isEqualTo("deleted|failed|blob missing");
            assertThat(row(url, abandoned)).isEqualTo("failed|null|upload session expired");
            assertThat(row(url, unprocessed)).isEqualTo("pending|null|null");
            assertThat(row(url, failed)).isEqualTo("failed|null|null");
            assertThat(count(url, "select count(*) from audit_log where actor = 'system:reconciliation'"
                    + " and action = 'file.blob_missing'")).isEqualTo(3);
            assertThat(count(url, "select count(*) from audit_log where actor = 'system:reconciliation'"
                    + " and action = 'file.upload_expired'")).isEqualTo(1);
            for (String orphan : orphans) {
                assertThat(count(url, "select count(*) from dead_letters where source = 'upload-orphan'"
                        + " and event_id = '" + orphan + "'")).as(orphan).isEqualTo(1);
            }
            assertThat(blobs.getBlobContainerClient(BlobPaths.UPLOADS_CONTAINER)
                    .getBlobClient(orphans.get(0).substring(BlobPaths.UPLOADS_CONTAINER.length() + 1)).exists())
                    .as("orphans are reported, not deleted").isTrue();

            List<MaintenanceRun> reports = context.maintenanceReports().recentRuns(
                    Optional.of(Reconciliation.KIND), 1, Optional.empty());
            assertThat(reports).singleElement().satisfies(report -> {
                assertThat(report.id()).isEqualTo(second.id());
                assertThat(report.count("orphansAlreadyRecorded")).isEqualTo(3);
            });
        }
    }

    @Test
    void reconcile_removesStrayUploadsAndUncommittedCopies_andChecksProcessedBlobsWhereTheyLive() throws SQLException {
        Map<String, String> env = env("maint_stray");
        String url = env.get("DB_URL");
        List<String[]> created = new ArrayList<>();
        try (AppContext context = AppContext.create(env)) {
            context.database(); // migrate
            UUID moved = insertFile(url, "ready", null, null, "moved.txt");
            sql(url, "update files set blob_container = 'files' where id = '" + moved + "'");
            created.add(put(BlobPaths.FILES_CONTAINER, url, moved));
            created.add(put(BlobPaths.UPLOADS_CONTAINER, url, moved)); // written through the upload URL after ready
            UUID movedLost = insertFile(url, "ready", null, null, "moved-lost.txt");
            sql(url, "update files set blob_container = 'files' where id = '" + movedLost + "'");
            UUID duplicate = insertFile(url, "rejected", null, null, "duplicate.txt");
            created.add(put(BlobPaths.QUARANTINE_CONTAINER, url, duplicate));
            created.add(put(BlobPaths.FILES_CONTAINER, url, duplicate)); // copied for a verdict that became rejected
            UUID inFlight = insertFile(url, "processing", null, null, "in-flight.txt");
            created.add(put(BlobPaths.UPLOADS_CONTAINER, url, inFlight));
            created.add(put(BlobPaths.FILES_CONTAINER, url, inFlight)); // copied, verdict not yet stored
            MutableClock clock = new MutableClock(Instant.now().plus(Duration.ofHours(2)));
            Reconciliation reconciliation = new Reconciliation(context.maintenanceDatabase(),
                    new AzureMaintenanceBlobs(blobs), MetadataCache.disabled(), context.settings().maintenance(),
                    context.settings().files().uploadSasTtl(), clock);

            MaintenanceRun first = reconciliation.run();
            MaintenanceRun second = reconciliation.run();

            assertThat(first.counts()).containsEntry("strayUploadsRemoved", 1L).containsEntry("strayCopiesRemoved", 1L)
                    .containsEntry("missingBlobs", 1L);
            assertThat(second.counts()).containsEntry("strayUploadsRemoved", 0L)
                    .containsEntry("strayCopiesRemoved", 0L).containsEntry("missingBlobs", 0L);
            assertThat(exists(BlobPaths.UPLOADS_CONTAINER, url, moved)).isFalse();
            assertThat(exists(BlobPaths.FILES_CONTAINER, url, moved)).isTrue();
            assertThat(row(url, moved)).isEqualTo("ready|null|null");
            assertThat(row(url, movedLost)).isEqualTo("failed|null|blob missing");
            assertThat(exists(BlobPaths.FILES_CONTAINER, url, duplicate)).isFalse();
            assertThat(exists(BlobPaths.QUARANTINE_CONTAINER, url, duplicate)).isTrue();
            assertThat(exists(BlobPaths.UPLOADS_CONTAINER, url, inFlight)).isTrue();
            assertThat(exists(BlobPaths.FILES_CONTAINER, url, inFlight)).as("a move in flight").isTrue();
        } finally {
            // other tests of this class walk the same containers
            for (String[] blob : created) {
                blobs.getBlobContainerClient(blob[0]).getBlobClient(blob[1]).deleteIfExists();
            }
        }
    }

    private static String[] put(String container, String url, UUID id) throws SQLException {
        blobs.getBlobContainerClient(container).createIfNotExists();
        blob(container, url, id);
        return new String[] {container, blobName(url, id)};
    }

    @Test
    void reconcile_youngBlobsAndRecentRows_areLeftAlone() throws SQLException {
        Map<String, String> env = env("maint_young");
        String url = env.get("DB_URL");
        try (AppContext context = AppContext.create(env)) {
            context.database();
            UUID readyLost = insertFile(url, "ready", null, null, "recent.txt");
            UUID pending = insertFile(url, "pending", null, null, "uploading.txt");
            String young = "t-young/o/" + UUID.randomUUID() + "/new.bin";
            blobs.getBlobContainerClient(BlobPaths.UPLOADS_CONTAINER).getBlobClient(young)
                    .upload(BinaryData.fromString("just now"));

            try {
                MaintenanceRun run = new Reconciliation(context.maintenanceDatabase(), new AzureMaintenanceBlobs(blobs),
                        MetadataCache.disabled(), context.settings().maintenance(),
                        context.settings().files().uploadSasTtl(), java.time.Clock.systemUTC()).run();

                assertThat(run.counts()).containsEntry("missingBlobs", 0L).containsEntry("orphansRecorded", 0L)
                        .containsEntry("pendingExpired", 0L);
                assertThat(row(url, readyLost)).isEqualTo("ready|null|null");
                assertThat(row(url, pending)).isEqualTo("pending|null|null");
            } finally {
                // other tests of this class walk the same container
                blobs.getBlobContainerClient(BlobPaths.UPLOADS_CONTAINER).getBlobClient(young).deleteIfExists();
            }
        }
    }

    @Test
    void blobs_aMissingContainer_listsNothing_andHasNothingToDelete() {
        AzureMaintenanceBlobs maintenanceBlobs = new AzureMaintenanceBlobs(blobs);

        assertThat(maintenanceBlobs.list("no-such-container", 2).hasNext()).isFalse();
        assertThat(maintenanceBlobs.deleteIfExists("no-such-container", "a/b.txt")).isFalse();
        assertThat(maintenanceBlobs.exists("no-such-container", "a/b.txt")).isFalse();
    }

    // ---- prepared state ----

    @Test
    void quarantinedBlobsOfLongRejectedFiles_arePurged_theVerdictStays_andReconciliationDoesNotCallThemMissing()
            throws SQLException {
        Map<String, String> env = env("maint_quarantine");
        String url = env.get("DB_URL");
        try (AppContext context = AppContext.create(env)) {
            context.database(); // migrate
            UUID old = insertFile(url, "rejected", null, null, "old-virus.exe");
            sql(url, "update files set processed_at = now() - interval '40 days' where id = '" + old + "'");
            blob(BlobPaths.QUARANTINE_CONTAINER, url, old);
            UUID recent = insertFile(url, "rejected", null, null, "new-virus.exe");
            sql(url, "update files set processed_at = now() - interval '2 days' where id = '" + recent + "'");
            blob(BlobPaths.QUARANTINE_CONTAINER, url, recent);

            MaintenanceRun first = context.retention().run();
            MaintenanceRun second = context.retention().run();

            assertThat(first.count("quarantinedBlobsPurged")).isEqualTo(1);
            assertThat(second.count("quarantinedBlobsPurged")).isZero();
            assertThat(exists(BlobPaths.QUARANTINE_CONTAINER, url, old)).isFalse();
            assertThat(exists(BlobPaths.QUARANTINE_CONTAINER, url, recent)).isTrue();
            assertThat(row(url, old)).startsWith("rejected|");
            sql(url, "update files set updated_at = now() - interval '2 days' where id = '" + old + "'");
            context.reconciliation().run();
            assertThat(row(url, old)).as("a purged quarantine is not a missing blob").startsWith("rejected|");
        }
    }

    private static UUID insertFile(String url, String status, String previousStatus, String deletedAgo, String name)
            throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection connection = connect(url);
             PreparedStatement insert = connection.prepareStatement("insert into files (id, tenant_id, owner_id, name,"
                     + " declared_content_type, declared_size_bytes, status, previous_status, deleted_at, blob_path)"
                     + " values (?, 't-rec', 'o-rec', ?, 'text/plain', 6, ?, ?,"
                     + " case when ?::text is null then null else now() - ?::interval end, ?)")) {
            insert.setObject(1, id);
            insert.setString(2, name);
            insert.setString(3, status);
            insert.setString(4, previousStatus);
            insert.setString(5, deletedAgo);
            insert.setString(6, deletedAgo);
            insert.setString(7, BlobPaths.UPLOADS_CONTAINER + "/t-rec/o-rec/" + id + "/" + name);
            insert.executeUpdate();
        }
        return id;
    }

    private static String blobName(String url, UUID id) throws SQLException {
        try (Connection connection = connect(url);
             PreparedStatement select = connection.prepareStatement("select blob_path from files where id = ?")) {
            select.setObject(1, id);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return BlobPaths.blobName(rs.getString(1));
            }
        }
    }

    private static void blob(String container, String url, UUID id) throws SQLException {
        blobs.getBlobContainerClient(container).getBlobClient(blobName(url, id)).upload(BinaryData.fromString("hello!"));
    }

    private static boolean exists(String container, String url, UUID id) {
        try {
            return blobs.getBlobContainerClient(container).getBlobClient(
                    "t-rec/o-rec/" + id + "/" + nameOf(id, url)).exists();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The name part of a purged or present file's blob, from its audit trail or its row. */
    private static String nameOf(UUID id, String url) throws SQLException {
        try (Connection connection = connect(url);
             PreparedStatement select = connection.prepareStatement("select coalesce((select blob_path from files"
                     + " where id = ?), (select details->>'blobPath' from audit_log where file_id = ? limit 1))")) {
            select.setObject(1, id);
            select.setObject(2, id);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                String path = rs.getString(1);
                return path.substring(path.lastIndexOf('/') + 1);
            }
        }
    }

    private static void event(String url, String status, String ago) throws SQLException {
        sql(url, "insert into processed_events (event_id, event_type, status, created_at) values ('"
                + UUID.randomUUID() + "', 'Microsoft.Storage.BlobCreated', '" + status + "', now() - interval '"
                + ago + "')");
    }

    private static String row(String url, UUID id) throws SQLException {
        try (Connection connection = connect(url);
             PreparedStatement select = connection.prepareStatement(
                     "select status, previous_status, rejection_reason from files where id = ?")) {
            select.setObject(1, id);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3);
            }
        }
    }

    /** Everything the jobs may change, as one comparable text. */
    private static String state(String url) throws SQLException {
        StringBuilder text = new StringBuilder();
        for (String sql : List.of(
                "select id || ':' || status || ':' || coalesce(previous_status, '') || ':' || version from files"
                        + " order by id",
                "select source || ':' || coalesce(event_id, '') from dead_letters order by id",
                "select action || ':' || coalesce(file_id::text, '') from audit_log order by id")) {
            try (Connection connection = connect(url); ResultSet rs = connection.createStatement().executeQuery(sql)) {
                while (rs.next()) {
                    text.append(rs.getString(1)).append('\n');
                }
            }
        }
        return text.toString();
    }

    private static List<UUID> fileIds(String url) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (Connection connection = connect(url);
             ResultSet rs = connection.createStatement().executeQuery("select id from files")) {
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
            }
        }
        return ids;
    }

    private static long count(String url, String sql) throws SQLException {
        try (Connection connection = connect(url); ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sql(String url, String sql) throws SQLException {
        try (Connection connection = connect(url)) {
            connection.createStatement().executeUpdate(sql);
        }
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, LocalPostgres.MAINTENANCE_ROLE, LocalPostgres.PASSWORD);
    }
}
