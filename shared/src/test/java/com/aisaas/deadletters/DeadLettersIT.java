package com.aisaas.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.app.AppContext;
import com.aisaas.common.ConflictException;
import com.aisaas.common.NotFoundException;
import com.aisaas.common.UnprocessableException;
import com.aisaas.common.ValidationException;
import com.aisaas.files.BlobPaths;
import com.aisaas.files.FileId;
import com.aisaas.testing.TestServices;
import com.azure.core.util.BinaryData;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link DeadLetters} with real PostgreSQL, Redis and Azurite: listing pages and replaying each source. */
class DeadLettersIT {

    private static AppContext context;
    private static DeadLetters deadLetters;

    @BeforeAll
    static void start() {
        context = AppContext.create(TestServices.appEnvironment("deadletters_it"));
        context.database(); // builds the pool and migrates the schema
        deadLetters = context.deadLetters();
        context.blobStorage().service().getBlobContainerClient(BlobPaths.UPLOADS_CONTAINER).createIfNotExists();
    }

    @AfterAll
    static void close() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void replayingAFailedUpload_processesItAgain_once() throws Exception {
        byte[] text = "now readable".getBytes(StandardCharsets.UTF_8);
        FileId id = FileId.random();
        String path = BlobPaths.of("t1", "alice", id, "n.txt");
        execute("insert into files (id, tenant_id, owner_id, name, declared_content_type, declared_size_bytes, status,"
                + " rejection_reason, blob_path) values ('" + id + "', 't1', 'alice', 'n.txt', 'text/plain', "
                + text.length + ", 'failed', 'gave up after 5 attempts', '" + path + "')");
        long letter = insertLetter("upload-failed", path + "#1", "{\"fileId\": \"" + id + "\", \"blobPath\": \"" + path
                + "\"}");
        context.blobStorage().service().getBlobContainerClient(BlobPaths.UPLOADS_CONTAINER)
                .getBlobClient(BlobPaths.blobName(path)).upload(BinaryData.fromBytes(text), true);

        DeadLetters.Replay replay = deadLetters.replay(Optional.empty(), letter);

        assertThat(replay.outcome()).isEqualTo("ready");
        assertThat(scalar("select status from files where id = '" + id + "'")).isEqualTo("ready");
        assertThatThrownBy(() -> deadLetters.replay(Optional.empty(), letter)).isInstanceOf(ConflictException.class);
        assertThat(deadLetters.list(Optional.empty(), Optional.of("upload-failed"), true, Optional.empty(), 100).items())
                .noneMatch(d -> d.id() == letter);
    }

    @Test
    void replayingAGivenUpEvent_handlesItAgain() throws Exception {
        FileId id = FileId.random();
        String path = BlobPaths.of("t1", "bob", id, "x.txt");
        execute("insert into files (id, tenant_id, owner_id, name, status, blob_path, access_tier) values ('" + id
                + "', 't1', 'bob', 'x.txt', 'ready', '" + path + "', 'Hot')");
        String eventId = "evt-" + FileId.random();
        String event = "{\"topic\": \"/subscriptions/s\", \"subject\": \"/blobServices/default/containers/"
                + "uploaded-files/blobs/" + BlobPaths.blobName(path) + "\", \"eventType\": \"Microsoft.Storage.BlobTierChanged\","
                + " \"eventTime\": \"2026-11-21T10:00:00Z\", \"id\": \"" + eventId + "\", \"data\": {\"api\": \"SetBlobTier\","
                + " \"accessTier\": \"Cool\", \"sequencer\": \"00000000000000000000000000000001\"}, \"dataVersion\": \"\"}";
        execute("insert into processed_events (event_id, event_type, subject, status, attempts, outcome) values ('"
                + eventId + "', 'Microsoft.Storage.BlobTierChanged', 's', 'failed', 5, 'gave up')");
        long letter = insertLetter("storage-lifecycle", eventId, event);

        assertThat(deadLetters.replay(Optional.empty(), letter).outcome()).isEqualTo("applied");
        assertThat(scalar("select access_tier from files where id = '" + id + "'")).isEqualTo("Cool");
    }

    @Test
    void sourcesThatCannotBeReplayed_andUnknownIds_areClientErrors() throws Exception {
        long unreadable = insertLetter("storage-lifecycle", null, "{\"body\": \"garbage\"}");
        long other = insertLetter("backup-verify", "x", "{}");

        assertThatThrownBy(() -> deadLetters.replay(Optional.empty(), unreadable)).isInstanceOf(UnprocessableException.class);
        assertThatThrownBy(() -> deadLetters.replay(Optional.empty(), other)).isInstanceOf(UnprocessableException.class);
        assertThatThrownBy(() -> deadLetters.replay(Optional.empty(), Long.MAX_VALUE)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aTenantAdministrator_listsAndReplaysOnlyTheirTenantsDeadLetters() throws Exception {
        String source = "tenant-test-" + FileId.random();
        long ours = insertLetter(source, "a", "{}", "tenant-a");
        long theirs = insertLetter(source, "b", "{}", "tenant-b");
        long none = insertLetter(source, "c", "{}", null);

        assertThat(deadLetters.list(Optional.of("tenant-a"), Optional.of(source), false, Optional.empty(), 10).items())
                .extracting(DeadLetters.DeadLetter::id).containsExactly(ours);
        assertThat(deadLetters.list(Optional.empty(), Optional.of(source), false, Optional.empty(), 10).items())
                .extracting(DeadLetters.DeadLetter::id).containsExactly(none, theirs, ours);
        assertThatThrownBy(() -> deadLetters.replay(Optional.of("tenant-a"), theirs))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> deadLetters.replay(Optional.of("tenant-a"), none))
                .isInstanceOf(NotFoundException.class);
        assertThat(scalar("select replayed_at is null from dead_letters where id = " + theirs)).isEqualTo("t");
    }

    @Test
    void concurrentReplaysOfOneDeadLetter_doTheWorkOnce() throws Exception {
        FileId id = FileId.random();
        String path = BlobPaths.of("t1", "carol", id, "c.txt");
        byte[] text = "replay me once".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        execute("insert into files (id, tenant_id, owner_id, name, declared_content_type, declared_size_bytes, status,"
                + " rejection_reason, blob_path) values ('" + id + "', 't1', 'carol', 'c.txt', 'text/plain', "
                + text.length + ", 'failed', 'gave up after 5 attempts', '" + path + "')");
        long letter = insertLetter("upload-failed", path + "#1", "{\"fileId\": \"" + id + "\", \"blobPath\": \""
                + path + "\"}", "t1");
        context.blobStorage().service().getBlobContainerClient(BlobPaths.UPLOADS_CONTAINER)
                .getBlobClient(BlobPaths.blobName(path)).upload(BinaryData.fromBytes(text), true);
        int requests = 6;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(requests);
        try {
            List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            for (int i = 0; i < requests; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        return deadLetters.replay(Optional.of("t1"), letter).outcome();
                    } catch (ConflictException e) {
                        return "conflict";
                    }
                }));
            }
            start.countDown();
            List<String> outcomes = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<String> result : results) {
                outcomes.add(result.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(outcomes).containsOnlyOnce("ready").containsOnly("ready", "conflict");
        } finally {
            pool.shutdownNow();
        }
        assertThat(scalar("select processing_attempts from files where id = '" + id + "'")).isEqualTo("1");
    }

    @Test
    void list_pagesNewestFirst_byIdCursor_andRejectsForeignCursors() throws Exception {
        for (int i = 0; i < 5; i++) {
            insertLetter("paging-test", "p" + i, "{\"n\": " + i + "}");
        }
        DeadLetters.Page first = deadLetters.list(Optional.empty(), Optional.of("paging-test"), false, Optional.empty(), 3);
        DeadLetters.Page second = deadLetters.list(Optional.empty(), Optional.of("paging-test"), false,
                Optional.of(first.nextCursor()), 3);

        assertThat(first.items()).extracting(DeadLetters.DeadLetter::eventId).containsExactly("p4", "p3", "p2");
        assertThat(second.items()).extracting(DeadLetters.DeadLetter::eventId).containsExactly("p1", "p0");
        assertThat(second.nextCursor()).isNull();
        assertThat(first.items().get(0).payload().get("n").asInt()).isEqualTo(4);
        assertThatThrownBy(() -> deadLetters.list(Optional.empty(), Optional.empty(), false, Optional.of("abc"), 3))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> deadLetters.list(Optional.empty(), Optional.empty(), false, Optional.empty(), 101))
                .isInstanceOf(ValidationException.class);
    }

    private static long insertLetter(String source, String eventId, String payload) throws Exception {
        return insertLetter(source, eventId, payload, null);
    }

    private static long insertLetter(String source, String eventId, String payload, String tenant) throws Exception {
        try (Connection connection = connect();
             PreparedStatement insert = connection.prepareStatement("insert into dead_letters (source, event_id,"
                     + " payload, reason, attempts, tenant_id) values (?, ?, ?::jsonb, 'test', 1, ?) returning id")) {
            insert.setString(1, source);
            insert.setString(2, eventId);
            insert.setString(3, payload);
            insert.setString(4, tenant);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void execute(String sql) throws Exception {
        try (Connection connection = connect()) {
            connection.createStatement().execute(sql);
        }
    }

    private static String scalar(String sql) throws Exception {
        try (Connection connection = connect(); ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Connection connect() throws Exception {
        return context.maintenanceDatabase().dataSource().getConnection(); // test set-up and checks cross scopes
    }

}
