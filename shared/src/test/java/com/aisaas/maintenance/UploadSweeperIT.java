package com.aisaas.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.app.AppContext;
import com.aisaas.common.DependencyException;
import com.aisaas.config.MaintenanceSettings;
import com.aisaas.files.BlobPaths;
import com.aisaas.files.FileId;
import com.aisaas.processing.UploadProcessor;
import com.aisaas.testing.TestServices;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sweeper against real PostgreSQL (as the maintenance and runtime roles) and Azurite: every gap the event path
 * can leave is closed by one run. Each test works in a database of its own, so no test sees another's files.
 */
class UploadSweeperIT {

    private static final MaintenanceSettings.UploadSweep SETTINGS =
            new MaintenanceSettings.UploadSweep(Duration.ZERO, 100, 3, Duration.ofMinutes(15), Duration.ofHours(24));
    private static AppContext context;
    private static BlobContainerClient uploads;

    @BeforeAll
    static void start() {
        context = AppContext.create(TestServices.appEnvironment("sweeper_it"));
        context.database();
        uploads = context.blobStorage().service().getBlobContainerClient(BlobPaths.UPLOADS_CONTAINER);
        uploads.createIfNotExists();
    }

    @AfterAll
    static void close() {
        if (context != null) {
            context.close();
        }
    }

    private static UploadSweeper sweeper() {
        return new UploadSweeper(context.maintenanceDatabase(), new AzureMaintenanceBlobs(context.blobStorage().service()),
                UploadSweeperIT::redrive, (path, reason) -> context.uploadProcessor().giveUp(path, reason),
                context.outbox(), context.alerts(), SETTINGS, Clock.systemUTC());
    }

    /** A sweeper that reads the poison queue, and re-drives nothing yet (every file is younger than its minimum age). */
    private static UploadSweeper poisonSweeper() {
        return new UploadSweeper(context.maintenanceDatabase(), new AzureMaintenanceBlobs(context.blobStorage().service()),
                UploadSweeperIT::redrive, (path, reason) -> context.uploadProcessor().giveUp(path, reason),
                context.outbox(), context.alerts(),
                new MaintenanceSettings.UploadSweep(Duration.ofHours(1), 100, 1000, Duration.ofDays(1), Duration.ofHours(24)),
                Clock.systemUTC(), context.database(),
                AzurePoisonQueue.connect(context.settings().storage().orElseThrow(), context.secrets(),
                        com.azure.core.http.HttpClient.createDefault(), () -> {
                            throw new AssertionError("no identity locally");
                        }));
    }

    /** The poison queue as the Functions host writes it: Base64 messages in the uploads account. */
    private static com.azure.storage.queue.QueueClient poisonQueue() {
        com.azure.storage.queue.QueueClient queue = new com.azure.storage.queue.QueueClientBuilder()
                .connectionString(TestServices.services().azurite().connectionString())
                .queueName(PoisonQueue.NAME)
                .messageEncoding(com.azure.storage.queue.QueueMessageEncoding.BASE64)
                .buildClient();
        queue.createIfNotExists();
        return queue;
    }

    private static String poisonMessage(String path, String etag) {
        return "{\"Type\":\"BlobTrigger\",\"FunctionId\":\"Host.Functions.ProcessUpload\",\"BlobType\":\"BlockBlob\","
                + "\"ContainerName\":\"" + BlobPaths.UPLOADS_CONTAINER + "\",\"BlobName\":\"" + BlobPaths.blobName(path)
                + "\",\"ETag\":\"\\\"" + etag + "\\\"\"}";
    }

    private static int visibleMessages(com.azure.storage.queue.QueueClient queue) {
        return queue.getProperties().getApproximateMessagesCount();
    }

    @Test
    void poisonMessages_becomeOneDeadLetterOfTheFilesTenant_areDeleted_andTheReplayReDrivesTheFile() throws Exception {
        byte[] text = "poisoned".getBytes(StandardCharsets.UTF_8);
        String path = insert("pending", "poisoned.txt", text.length, Instant.now(), null);
        upload(path, text);
        com.azure.storage.queue.QueueClient queue = poisonQueue();
        queue.sendMessage(poisonMessage(path, "0x8D1"));
        queue.sendMessage(poisonMessage(path, "0x8D1")); // the same blob poisoned twice (two deliveries of its event)

        MaintenanceRun first = poisonSweeper().run();
        queue.sendMessage(poisonMessage(path, "0x8D1")); // and once more after the first run
        MaintenanceRun second = poisonSweeper().run();

        assertThat(first.count("poisonMessages")).isEqualTo(2);
        assertThat(first.count("poisonDeadLetters")).isEqualTo(1);
        assertThat(first.count("poisonDuplicates")).isEqualTo(1);
        assertThat(second.count("poisonDuplicates")).isEqualTo(1);
        assertThat(visibleMessages(queue)).isZero();
        String owner = path.split("/")[2];
        assertThat(scalar("select count(*) || ':' || min(tenant_id) || ':' || min(owner_id) from dead_letters"
                + " where source = '" + UploadSweeper.POISON_SOURCE + "' and payload->>'blobPath' = '" + path + "'"))
                .isEqualTo("1:t-sweep:" + owner);
        assertThat(status(path)).as("the sweeper re-drove nothing: the file was too young").isEqualTo("pending");

        long id = Long.parseLong(scalar("select id from dead_letters where source = '" + UploadSweeper.POISON_SOURCE
                + "' and payload->>'blobPath' = '" + path + "'"));
        com.aisaas.deadletters.DeadLetters.Replay replay =
                context.deadLetters().replay(java.util.Optional.of("t-sweep"), id);

        assertThat(replay.outcome()).isEqualTo("ready");
        assertThat(status(path)).isEqualTo("ready");
    }

    @Test
    void aPoisonMessageForAFinishedFile_addsNoDeadLetter_andOneForNoFileOrNoBlob_isKeptAtPlatformScope() throws Exception {
        String ready = insert("ready", "done.txt", 4, Instant.now(), null);
        String unknown = BlobPaths.of("t-sweep", "owner-" + UUID.randomUUID(), FileId.random(), "ghost.txt");
        com.azure.storage.queue.QueueClient queue = poisonQueue();
        queue.sendMessage(poisonMessage(ready, "0x8D2"));
        queue.sendMessage(poisonMessage(unknown, "0x8D3"));
        queue.sendMessage("not json at all");

        MaintenanceRun run = poisonSweeper().run();

        assertThat(run.count("poisonAlreadyFinal")).isEqualTo(1);
        assertThat(run.count("poisonUnknownBlob")).isEqualTo(1);
        assertThat(run.count("poisonUnreadable")).isEqualTo(1);
        assertThat(run.count("poisonDeadLetters")).isEqualTo(2);
        assertThat(visibleMessages(queue)).isZero();
        assertThat(scalar("select count(*) from dead_letters where source = '" + UploadSweeper.POISON_SOURCE
                + "' and payload->>'blobPath' = '" + ready + "'")).isEqualTo("0");
        assertThat(scalar("select count(*) || ':' || coalesce(min(tenant_id), 'none') from dead_letters where source = '"
                + UploadSweeper.POISON_SOURCE + "' and payload->>'blobPath' = '" + unknown + "'")).isEqualTo("1:none");
        assertThat(scalar("select count(*) from dead_letters where source = '" + UploadSweeper.POISON_SOURCE
                + "' and tenant_id is null and payload->>'text' = 'not json at all'")).isEqualTo("1");
    }

    private static UploadProcessor.Result redrive(String path) {
        return context.uploadProcessor().process(path, new com.aisaas.storage.AzureBlobStore(
                context.blobStorage().service(), false, false, Clock.systemUTC())
                .content(new com.aisaas.storage.BlobStore.BlobRef(BlobPaths.UPLOADS_CONTAINER, BlobPaths.blobName(path))));
    }

    @Test
    void aPendingUploadWhoseEventWasLost_andAProcessingOneWhoseAttemptDied_becomeReady() throws Exception {
        byte[] text = "lost event".getBytes(StandardCharsets.UTF_8);
        String pending = insert("pending", "lost.txt", text.length, Instant.now().minusSeconds(120), null);
        upload(pending, text);
        String crashed = insert("processing", "crashed.txt", text.length, Instant.now().minusSeconds(120),
                Instant.now().minusSeconds(30));
        upload(crashed, text);
        String uploading = insert("pending", "still-uploading.txt", text.length, Instant.now().minusSeconds(120),
                null);

        MaintenanceRun run = sweeper().run();

        assertThat(status(pending)).isEqualTo("ready");
        assertThat(status(crashed)).isEqualTo("ready");
        assertThat(status(uploading)).as("no blob yet: left to the upload or to reconciliation").isEqualTo("pending");
        assertThat(run.count("redriven")).isEqualTo(2);
        assertThat(run.count("pendingWithoutBlob")).isEqualTo(1);
        assertThat(run.count("backlog")).isZero();
    }

    @Test
    void sessionsAbandonedWithoutAnUpload_doNotHideALapsedClaimOrAnUploadedFile() throws Exception {
        byte[] text = "behind the abandoned".getBytes(StandardCharsets.UTF_8);
        List<String> abandoned = new ArrayList<>();
        for (int i = 0; i < 7; i++) { // older than everything else here, and more than a batch of 3
            abandoned.add(insert("pending", "abandoned-" + i + ".txt", 10, Instant.now().minus(Duration.ofHours(1)),
                    null));
        }
        String crashed = insert("processing", "crashed-late.txt", text.length, Instant.now().minusSeconds(120),
                Instant.now().minusSeconds(30));
        upload(crashed, text);
        String uploaded = insert("pending", "uploaded-late.txt", text.length, Instant.now().minusSeconds(120), null);
        upload(uploaded, text);
        UploadSweeper smallBatches = new UploadSweeper(context.maintenanceDatabase(),
                new AzureMaintenanceBlobs(context.blobStorage().service()), UploadSweeperIT::redrive,
                (path, reason) -> context.uploadProcessor().giveUp(path, reason), context.outbox(), context.alerts(),
                new MaintenanceSettings.UploadSweep(Duration.ZERO, 3, 1000, Duration.ofDays(1), Duration.ofHours(24)),
                Clock.systemUTC());

        try {
            MaintenanceRun run = smallBatches.run();

            assertThat(status(crashed)).isEqualTo("ready");
            assertThat(status(uploaded)).isEqualTo("ready");
            assertThat(run.count("pendingWithoutBlob")).isGreaterThanOrEqualTo(7);
        } finally {
            // the other tests share this database and count the pending files a run sees
            try (Connection connection = connect();
                 PreparedStatement delete = connection.prepareStatement("delete from files where blob_path = ?")) {
                for (String path : abandoned) {
                    delete.setString(1, path);
                    delete.executeUpdate();
                }
            }
        }
    }

    @Test
    void aHeldFileIsLeftToItsHolder() throws Exception {
        byte[] text = "held".getBytes(StandardCharsets.UTF_8);
        String held = insert("processing", "held.txt", text.length, Instant.now().minusSeconds(120),
                Instant.now().plusSeconds(600));
        upload(held, text);

        MaintenanceRun run = sweeper().run();

        assertThat(run.details().getOrDefault("redrivenBlobPaths", java.util.List.of()).toString()).doesNotContain(held);
        assertThat(status(held)).isEqualTo("processing");
    }

    @Test
    void anUploadUnfinishedPastTheGiveUpWindow_failsWithADeadLetter() throws Exception {
        String old = insert("pending", "ancient.txt", 5, Instant.now().minus(Duration.ofHours(25)), null);
        upload(old, "12345".getBytes(StandardCharsets.UTF_8));

        MaintenanceRun run = sweeper().run();

        assertThat(status(old)).isEqualTo("failed");
        assertThat(run.count("gaveUp")).isEqualTo(1);
        assertThat(scalar("select count(*) from dead_letters where source = 'upload-failed' and payload->>'blobPath' = '"
                + old + "'")).isEqualTo("1");
    }

    @Test
    void eventGridDeadLetters_becomeDeadLettersOfTheFilesTenant_once_andTheirBlobsAreRemoved() throws Exception {
        String path = insert("ready", "doc.txt", 3, Instant.now().minusSeconds(3600), null);
        String eventId = "evt-" + UUID.randomUUID();
        String letter = "[{\"id\":\"" + eventId + "\",\"subject\":\"/blobServices/default/containers/uploaded-files/blobs/"
                + BlobPaths.blobName(path) + "\",\"eventType\":\"Microsoft.Storage.BlobDeleted\","
                + "\"eventTime\":\"2026-12-01T10:00:00Z\",\"data\":{\"api\":\"DeleteBlob\"},\"dataVersion\":\"\","
                + "\"deadLetterReason\":\"MaxDeliveryAttemptsExceeded\",\"deliveryAttempts\":30}]";
        BlobContainerClient deadLetters = context.blobStorage().service()
                .getBlobContainerClient(UploadSweeper.EVENTGRID_DEAD_LETTERS);
        deadLetters.createIfNotExists();
        String blob = "DEVSTOREACCOUNT1/STORAGELIFECYCLE/2026/12/01/10/" + UUID.randomUUID() + ".json";
        deadLetters.getBlobClient(blob).upload(BinaryData.fromString(letter), true);

        sweeper().run();
        deadLetters.getBlobClient(blob.replace(".json", "-again.json")).upload(BinaryData.fromString(letter), true);
        sweeper().run();

        assertThat(scalar("select count(*) || ':' || min(tenant_id) || ':' || min(reason) from dead_letters"
                + " where event_id = '" + eventId + "'"))
                .startsWith("1:t-sweep:Event Grid dead-lettered it: MaxDeliveryAttemptsExceeded after 30 attempt(s)");
        assertThat(deadLetters.getBlobClient(blob).exists()).isFalse();
    }

    @Test
    void aBacklogThatASweepCannotClear_raisesAnAlert_andASweepThatClearsIt_clearsTheAlert() throws Exception {
        java.util.List<String> paths = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String path = insert("pending", "b" + i + ".txt", 1, Instant.now().minusSeconds(120), null);
            upload(path, "x".getBytes(StandardCharsets.UTF_8));
            paths.add(path);
        }
        UploadSweeper storageDown = new UploadSweeper(context.maintenanceDatabase(),
                new AzureMaintenanceBlobs(context.blobStorage().service()), path -> {
                    throw new DependencyException("blob", true, "storage is down");
                }, (path, reason) -> UploadProcessor.Result.POSTPONED, context.outbox(), context.alerts(), SETTINGS,
                Clock.systemUTC());

        MaintenanceRun down = storageDown.run();

        assertThat(down.count("retryLater")).isGreaterThanOrEqualTo(3);
        assertThat(context.alerts().open()).anySatisfy(a -> assertThat(a.key()).isEqualTo(UploadSweeper.BACKLOG_ALERT));

        sweeper().run();

        assertThat(paths).allSatisfy(p -> assertThat(status(p)).isEqualTo("ready"));
        assertThat(context.alerts().open()).noneSatisfy(a -> assertThat(a.key()).isEqualTo(UploadSweeper.BACKLOG_ALERT));
    }

    private static String insert(String status, String name, long size, Instant updatedAt, Instant claimedUntil)
            throws Exception {
        FileId id = FileId.random();
        String path = BlobPaths.of("t-sweep", "owner-" + UUID.randomUUID(), id, name);
        try (Connection connection = connect();
             PreparedStatement insert = connection.prepareStatement("insert into files (id, tenant_id, owner_id,"
                     + " name, declared_content_type, declared_size_bytes, status, blob_path, created_at, updated_at,"
                     + " processing_claim, processing_claimed_until, processing_attempts)"
                     + " values (?, 't-sweep', ?, ?, 'text/plain', ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, id.value());
            insert.setString(2, path.split("/")[2]);
            insert.setString(3, name);
            insert.setLong(4, size);
            insert.setString(5, status);
            insert.setString(6, path);
            insert.setObject(7, OffsetDateTime.ofInstant(updatedAt, ZoneOffset.UTC));
            insert.setObject(8, OffsetDateTime.ofInstant(updatedAt, ZoneOffset.UTC));
            insert.setObject(9, status.equals("processing") ? UUID.randomUUID() : null);
            insert.setObject(10, claimedUntil == null ? null : OffsetDateTime.ofInstant(claimedUntil, ZoneOffset.UTC));
            insert.setInt(11, status.equals("processing") ? 1 : 0);
            insert.executeUpdate();
        }
        return path;
    }

    private static void upload(String path, byte[] bytes) {
        uploads.getBlobClient(BlobPaths.blobName(path)).upload(BinaryData.fromBytes(bytes), true);
    }

    private static String status(String path) {
        try {
            return scalar("select status from files where blob_path = '" + path + "'");
        } catch (Exception e) {
            throw new AssertionError(e);
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
