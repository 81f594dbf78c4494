package com.aisaas.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.app.AppContext;
import com.aisaas.config.ProcessingSettings;
import com.aisaas.files.BlobPaths;
import com.aisaas.files.FileId;
import com.aisaas.lifecycle.LifecycleHandler.Outcome;
import com.aisaas.lifecycle.StorageEventsTest.Schema;
import com.aisaas.telemetry.DomainMetrics;
import com.aisaas.testing.TestServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link LifecycleHandler} against real PostgreSQL: redelivery, reordering, races, give-up. */
class LifecycleHandlerIT {

    private static final AtomicInteger ids = new AtomicInteger();
    private static AppContext context;
    private static LifecycleHandler handler;

    @BeforeAll
    static void start() {
        context = AppContext.create(TestServices.appEnvironment("lifecycle_it"));
        context.database(); // builds the pool and migrates the schema
        handler = handler(3);
    }

    private static LifecycleHandler handler(int maxAttempts) {
        return new LifecycleHandler(context.database(), context.metadataCache(),
                new DomainMetrics(new SimpleMeterRegistry()),
                new ProcessingSettings(maxAttempts, Duration.ofMinutes(5), Optional.empty()), Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void blobDeleted_outsideTheApi_deletesTheFile_onceHoweverOftenDelivered() throws Exception {
        String path = file("ready");
        String event = event(Schema.EVENT_GRID, StorageEvent.BLOB_DELETED, path, "DeleteBlob", 10, null);

        assertThat(handler.handle(event)).containsExactly(Outcome.APPLIED);
        assertThat(handler.handle(event)).containsExactly(Outcome.DUPLICATE);
        assertThat(handler.handle(event)).containsExactly(Outcome.DUPLICATE);

        assertThat(value(path, "status")).isEqualTo("deleted");
        assertThat(value(path, "previous_status")).isEqualTo("ready");
        assertThat(count("select count(*) from audit_log where action = 'file.deleted-in-storage' and file_id = '"
                + value(path, "id") + "'")).isEqualTo(1);
    }

    @Test
    void aReadyFileWhoseBlobMovedToFiles_followsEventsThere_andEventsOfItsUploadNameLeaveItAlone() throws Exception {
        String path = file("ready");
        try (Connection connection = connect();
             PreparedStatement moved = connection.prepareStatement(
                     "update files set blob_container = 'files', updated_at = '2026-11-02T00:00:00Z'"
                             + " where blob_path = ?")) {
            moved.setString(1, path);
            moved.executeUpdate();
        }
        String processed = BlobPaths.in(BlobPaths.FILES_CONTAINER, path);

        // processing deletes the upload after the move, and removes a later write through the upload URL
        assertThat(handler.handle(event(Schema.EVENT_GRID, StorageEvent.BLOB_DELETED, path, "DeleteBlob", 20, null)))
                .containsExactly(Outcome.NO_MATCH);
        assertThat(handler.handle(event(Schema.EVENT_GRID, StorageEvent.BLOB_TIER_CHANGED, path, "SetBlobTier", 21,
                "Cool"))).containsExactly(Outcome.NO_MATCH);
        assertThat(value(path, "status")).isEqualTo("ready");
        assertThat(value(path, "access_tier")).isEqualTo("Hot");

        // the processed blob's own events apply
        assertThat(handler.handle(event(Schema.EVENT_GRID, StorageEvent.BLOB_CREATED, processed, "CopyBlob", 22,
                null))).containsExactly(Outcome.RECORDED);
        assertThat(handler.handle(event(Schema.EVENT_GRID, StorageEvent.BLOB_TIER_CHANGED, processed, "SetBlobTier",
                23, "Cool"))).containsExactly(Outcome.APPLIED);
        assertThat(value(path, "access_tier")).isEqualTo("Cool");
        try (Connection connection = connect();
             PreparedStatement settled = connection.prepareStatement(
                     "update files set updated_at = '2026-11-03T00:00:00Z' where blob_path = ?")) {
            settled.setString(1, path); // the tier change touched the row; the deletion below is later than that
            settled.executeUpdate();
        }
        assertThat(handler.handle(event(Schema.EVENT_GRID, StorageEvent.BLOB_DELETED, processed, "DeleteBlob", 24,
                null))).containsExactly(Outcome.APPLIED);
        assertThat(value(path, "status")).isEqualTo("deleted");
        assertThat(value(path, "previous_status")).isEqualTo("ready");
    }

    @Test
    void aLateDeletionEvent_doesNotUndoARestoreThatCameAfterIt() throws Exception {
        String path = file("ready");
        try (Connection connection = connect();
             PreparedStatement restored = connection.prepareStatement(
                     "update files set updated_at = '2026-11-21T10:00:05Z' where blob_path = ?")) {
            restored.setString(1, path); // the API deleted and restored it after the event's time
            restored.executeUpdate();
        }
        String event = event(Schema.EVENT_GRID, StorageEvent.BLOB_DELETED, path, "DeleteBlob", 11, null);

        assertThat(handler.handle(event)).containsExactly(Outcome.NO_MATCH);
        assertThat(value(path, "status")).isEqualTo("ready");
    }

    @Test
    void theApisOwnMoves_doNotChangeRowsItAlreadyDeletedOrRejected() throws Exception {
        String deleted = file("deleted");
        String rejected = file("rejected");

        assertThat(handler.handle(event(Schema.CLOUD_EVENTS, StorageEvent.BLOB_DELETED, deleted, "DeleteBlob", 1, null)))
                .containsExactly(Outcome.NO_MATCH);
        assertThat(handler.handle(event(Schema.CLOUD_EVENTS, StorageEvent.BLOB_DELETED, rejected, "DeleteBlob", 1, null)))
                .containsExactly(Outcome.NO_MATCH);
        assertThat(value(rejected, "status")).isEqualTo("rejected");
    }

    @Test
    void eventsInReverseOrder_endAsInOrder_theOlderOneIsStale() throws Exception {
        String path = file("ready");
        String toCool = event(Schema.EVENT_GRID, StorageEvent.BLOB_TIER_CHANGED, path, "SetBlobTier", 20, "Cool");
        String toArchive = event(Schema.CLOUD_EVENTS, StorageEvent.BLOB_TIER_CHANGED, path, "SetBlobTier", 21, "Archive");

        assertThat(handler.handle(toArchive)).containsExactly(Outcome.APPLIED);
        assertThat(handler.handle(toCool)).containsExactly(Outcome.STALE);
        assertThat(handler.handle(toArchive)).containsExactly(Outcome.DUPLICATE);

        assertThat(value(path, "access_tier")).isEqualTo("Archive");
    }

    @Test
    void twoHostsRacingOnOneEvent_applyItOnce() throws Exception {
        String path = file("ready");
        String event = event(Schema.EVENT_GRID, StorageEvent.BLOB_TIER_CHANGED, path, "SetBlobTier", 30, "Cool");
        LifecycleHandler other = handler(3);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Outcome>>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                LifecycleHandler h = i % 2 == 0 ? handler : other;
                results.add(pool.submit((Callable<List<Outcome>>) () -> h.handle(event)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<List<Outcome>> result : results) {
                outcomes.addAll(result.get());
            }
            assertThat(outcomes).containsOnlyOnce(Outcome.APPLIED);
            assertThat(outcomes).filteredOn(o -> o == Outcome.DUPLICATE).hasSize(7);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("select count(*) from audit_log where action = 'file.tier-changed' and file_id = '"
                + value(path, "id") + "'")).isEqualTo(1);
    }

    @Test
    void renamedBlob_movesThePath_andLifecycleRunsAreRecordedOnce() throws Exception {
        String path = file("ready");
        String renamedTo = path.substring(0, path.lastIndexOf('/')) + "/renamed.txt";
        String rename = StorageEventsTest.envelope(Schema.EVENT_GRID, StorageEvent.BLOB_RENAMED, renamedTo,
                "{\"api\": \"RenameFile\", \"sourceUrl\": \"https://acct.dfs.core.windows.net/" + path
                        + "\", \"destinationUrl\": \"https://acct.dfs.core.windows.net/" + renamedTo
                        + "\", \"sequencer\": \"" + sequencer(40) + "\"}").replace("\"e-1\"", "\"" + newId() + "\"");
        String run = StorageEventsTest.envelope(Schema.CLOUD_EVENTS, StorageEvent.LIFECYCLE_POLICY_COMPLETED, null,
                "{\"scheduleTime\": \"2026/11/21 01:00:00.000\", \"deleteSummary\": {\"totalObjectsCount\": 3,"
                        + " \"successCount\": 3, \"errorList\": \"\"}}").replace("\"e-1\"", "\"" + newId() + "\"");

        assertThat(handler.handle(rename)).containsExactly(Outcome.APPLIED);
        assertThat(handler.handle(run)).containsExactly(Outcome.RECORDED);
        assertThat(handler.handle(run)).containsExactly(Outcome.DUPLICATE);

        assertThat(count("select count(*) from files where blob_path = '" + renamedTo + "'")).isEqualTo(1);
        assertThat(count("select count(*) from lifecycle_runs where schedule_time = '2026/11/21 01:00:00.000'"))
                .isEqualTo(1);
    }

    @Test
    void partialWrites_otherContainers_andUnknownTypes_areIgnored() throws Exception {
        String path = file("ready");
        assertThat(handler.handle(event(Schema.EVENT_GRID, StorageEvent.BLOB_CREATED, path, "PutBlock", 50, null)))
                .containsExactly(Outcome.IGNORED);
        assertThat(handler.handle(event(Schema.EVENT_GRID, StorageEvent.BLOB_CREATED, path, "PutBlockList", 51, null)))
                .containsExactly(Outcome.RECORDED);
        assertThat(handler.handle(event(Schema.EVENT_GRID, StorageEvent.BLOB_DELETED, "backups/x/y.gz", "DeleteBlob", 1,
                null))).containsExactly(Outcome.IGNORED);
        assertThat(handler.handle(event(Schema.EVENT_GRID, "Microsoft.Storage.DirectoryCreated", path, "CreateDirectory",
                52, null))).containsExactly(Outcome.IGNORED);
        assertThat(value(path, "status")).isEqualTo("ready");
    }

    @Test
    void anUnreadableDelivery_isDeadLettered_notRetried() throws Exception {
        long before = count("select count(*) from dead_letters where source = 'storage-lifecycle'");

        assertThat(handler.handle("{\"not\": \"an event\"}")).containsExactly(Outcome.GAVE_UP);

        assertThat(count("select count(*) from dead_letters where source = 'storage-lifecycle'")).isEqualTo(before + 1);
    }

    private static String event(Schema schema, String type, String path, String api, int sequence, String tier) {
        String data = "{\"api\": \"" + api + "\", \"sequencer\": \"" + sequencer(sequence) + "\""
                + (tier == null ? "" : ", \"accessTier\": \"" + tier + "\"")
                + ", \"url\": \"https://acct.blob.core.windows.net/" + path + "\"}";
        return StorageEventsTest.envelope(schema, type, path, data).replace("\"e-1\"", "\"" + newId() + "\"");
    }

    private static String sequencer(int n) {
        return String.format("%032X", n);
    }

    private static String newId() {
        return "evt-" + ids.incrementAndGet() + "-" + FileId.random();
    }

    /** A file row in {@code status} (its blob is notional: the handler never reads blobs). */
    private static String file(String status) throws Exception {
        FileId id = FileId.random();
        String path = BlobPaths.of("t1", "owner-" + ids.incrementAndGet(), id, "doc.txt");
        try (Connection connection = connect();
             PreparedStatement insert = connection.prepareStatement("insert into files (id, tenant_id, owner_id, name,"
                     + " status, blob_path, deleted_at, access_tier, created_at, updated_at) values (?, 't1', 'o',"
                     + " 'doc.txt', ?, ?, case when ? = 'deleted' then now() end, 'Hot', ?, ?)")) {
            insert.setObject(1, id.value());
            insert.setString(2, status);
            insert.setString(3, path);
            insert.setString(4, status);
            // last changed before the events of these tests (eventTime 2026-11-21T10:00:00Z)
            insert.setObject(5, java.time.OffsetDateTime.parse("2026-11-01T00:00:00Z"));
            insert.setObject(6, java.time.OffsetDateTime.parse("2026-11-01T00:00:00Z"));
            insert.executeUpdate();
        }
        return path;
    }

    private static String value(String path, String column) throws Exception {
        try (Connection connection = connect();
             PreparedStatement select = connection.prepareStatement(
                     "select " + column + "::text from files where blob_path = ?")) {
            select.setString(1, path);
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection connection = connect(); ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect() throws Exception {
        return context.maintenanceDatabase().dataSource().getConnection(); // test set-up and checks cross scopes
    }
}
