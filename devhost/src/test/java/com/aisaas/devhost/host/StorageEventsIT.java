package com.aisaas.devhost.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.devhost.host.testapp.probe.EventProbe;
import com.aisaas.devhost.services.LocalServices;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.AccessTier;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local storage-event source end to end: blobs written to Azurite with the SDK become Event Grid events POSTed to
 * the host's webhooks (eventGridTrigger subscriptions from DEVHOST_EVENTGRID_SUBSCRIPTIONS, and blob triggers), with
 * Azure-like fields, retries and dead letters; the watcher's state survives a restart.
 */
class StorageEventsIT {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    static final String WATCHED = "watched-" + SUFFIX;
    static final String DOOMED = "doomed-" + SUFFIX;
    static final String AUTO = "auto-" + SUFFIX;

    @TempDir
    static Path dir;
    static BlobServiceClient storage;
    static Map<String, String> env;
    static FunctionsHost host;

    @BeforeAll
    static void start() {
        String connection = LocalServices.shared().azurite().connectionString();
        storage = new BlobServiceClientBuilder().connectionString(connection).httpClient(new JdkHttpClientBuilder().build()).buildClient();
        for (String name : List.of(WATCHED, DOOMED, AUTO)) {
            storage.getBlobContainerClient(name).createIfNotExists();
        }
        new TestApp()
                .trigger("Watch", "EventFunctions.text", EventWebhooksTest.eventGridTrigger())
                .trigger("Doomed", "EventFunctions.text", EventWebhooksTest.eventGridTrigger())
                .trigger("AutoUpload", "BlobFunctions.text", EventWebhooksTest.blobTrigger(AUTO + "/{name}", "EventGrid", "TestStorage"))
                .writeTo(dir);
        env = new LinkedHashMap<>();
        env.put("TestStorage", connection);
        env.put("AzureWebJobsStorage", connection);
        env.put("AzureFunctionsWebHost__hostid", "events-it-" + SUFFIX);
        env.put("DEVHOST_EVENT_POLL_MS", "50");
        env.put("DEVHOST_EVENT_RETRY_SCALE", "0.001");
        env.put("DEVHOST_EVENT_MAX_ATTEMPTS", "3");
        env.put("DEVHOST_EVENTGRID_SUBSCRIPTIONS", "Watch=" + WATCHED + ";Doomed=" + DOOMED);
        EventProbe.reset();
        EventProbe.failAlways("Doomed");
        host = startHost();
    }

    static FunctionsHost startHost() {
        return new FunctionsHost(HostOptions.of(dir).withPort(0).withEnvironment(env).withDrainTimeout(Duration.ofSeconds(5)),
                line -> { }).start();
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
    }

    static BlobClient blob(String container, String name) {
        return storage.getBlobContainerClient(container).getBlobClient(name);
    }

    static void upload(BlobClient blob, String content, String contentType) {
        blob.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromString(content))
                .setHeaders(new BlobHttpHeaders().setContentType(contentType)), null, null);
    }

    /** The events the Watch function received for one blob, in arrival order. */
    static List<JsonObject> eventsFor(String name) {
        List<JsonObject> events = new ArrayList<>();
        for (EventProbe.Call call : EventProbe.calls("Watch")) {
            JsonObject event = JsonParser.parseString((String) call.get("event")).getAsJsonObject();
            if (event.get("subject").getAsString().endsWith("/blobs/" + name)) {
                events.add(event);
            }
        }
        return events;
    }

    static List<JsonObject> awaitEvents(String name, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<JsonObject> events = eventsFor(name);
        while (events.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
            events = eventsFor(name);
        }
        assertThat(events).as("events for " + name).hasSizeGreaterThanOrEqualTo(count);
        return events;
    }

    /**
     * Returns once the watcher has finished a round of listings that began after this call and every event it found
     * has been answered (and the blob triggers they started have run): a change made before that makes no event if
     * none has come by now.
     */
    void settled() throws InterruptedException {
        assertThat(host.awaitSettled(WAIT)).as("the watcher settled").isTrue();
    }

    static String type(JsonObject event) {
        return event.get("eventType").getAsString();
    }

    static JsonObject data(JsonObject event) {
        return event.getAsJsonObject("data");
    }

    @Test
    void anUploadedBlob_becomesABlobCreatedEvent_withTheFieldsAzureSends() throws Exception {
        BlobClient blob = blob(WATCHED, "docs/one.txt");
        upload(blob, "hello world", "text/plain");
        String eTag = blob.getProperties().getETag().replace("\"", "");

        JsonObject event = awaitEvents("docs/one.txt", 1).get(0);

        assertThat(event.get("topic").getAsString()).isEqualTo("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/devhost"
                + "/providers/Microsoft.Storage/storageAccounts/devstoreaccount1");
        assertThat(event.get("subject").getAsString()).isEqualTo("/blobServices/default/containers/" + WATCHED + "/blobs/docs/one.txt");
        assertThat(type(event)).isEqualTo("Microsoft.Storage.BlobCreated");
        assertThat(UUID.fromString(event.get("id").getAsString())).isNotNull();
        assertThat(event.get("dataVersion").getAsString()).isEmpty();
        assertThat(event.get("metadataVersion").getAsString()).isEqualTo("1");
        assertThat(event.get("eventTime").getAsString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z");
        assertThat(Instant.parse(event.get("eventTime").getAsString())).isBetween(Instant.now().minusSeconds(60), Instant.now());
        JsonObject data = data(event);
        assertThat(data.get("api").getAsString()).isEqualTo("PutBlob");
        assertThat(UUID.fromString(data.get("clientRequestId").getAsString())).isNotNull();
        assertThat(data.get("requestId").getAsString()).matches("[0-9a-f-]{30}000000");
        assertThat(data.get("eTag").getAsString()).isEqualTo(eTag);
        assertThat(data.get("contentType").getAsString()).isEqualTo("text/plain");
        assertThat(data.get("contentLength").getAsLong()).isEqualTo(11);
        assertThat(data.get("blobType").getAsString()).isEqualTo("BlockBlob");
        assertThat(data.get("url").getAsString()).isEqualTo(storage.getAccountUrl() + "/" + WATCHED + "/docs/one.txt");
        assertThat(data.get("sequencer").getAsString()).matches("[0-9A-F]{32}");
        assertThat(data.getAsJsonObject("storageDiagnostics").get("batchId").getAsString()).isNotEmpty();

        upload(blob, "hello again, longer", "text/plain");
        List<JsonObject> both = awaitEvents("docs/one.txt", 2);
        JsonObject second = both.get(1);
        assertThat(type(second)).isEqualTo("Microsoft.Storage.BlobCreated");
        assertThat(data(second).get("eTag").getAsString()).isNotEqualTo(eTag);
        assertThat(data(second).get("contentLength").getAsLong()).isEqualTo(19);
        assertThat(data(second).get("sequencer").getAsString()).isGreaterThan(data.get("sequencer").getAsString());
        assertThat(second.get("id").getAsString()).isNotEqualTo(event.get("id").getAsString());
    }

    @Test
    void aStagedUpload_isReportedAsPutBlockList() throws Exception {
        BlockBlobClient blocks = blob(WATCHED, "staged.bin").getBlockBlobClient();
        String first = Base64.getEncoder().encodeToString("block-0001".getBytes(StandardCharsets.UTF_8));
        String second = Base64.getEncoder().encodeToString("block-0002".getBytes(StandardCharsets.UTF_8));
        blocks.stageBlock(first, BinaryData.fromString("part one,"));
        blocks.stageBlock(second, BinaryData.fromString(" part two"));
        settled();
        assertThat(eventsFor("staged.bin")).as("uncommitted blocks are no blob yet").isEmpty();
        blocks.commitBlockList(List.of(first, second));

        JsonObject event = awaitEvents("staged.bin", 1).get(0);
        assertThat(data(event).get("api").getAsString()).isEqualTo("PutBlockList");
        assertThat(data(event).get("contentLength").getAsLong()).isEqualTo(18);
    }

    @Test
    void settingTheAccessTier_emitsBlobTierChanged_andMetadataUpdatesEmitNothing() throws Exception {
        BlobClient blob = blob(WATCHED, "tiered.txt");
        upload(blob, "tier me", "text/plain");
        awaitEvents("tiered.txt", 1);

        blob.setMetadata(Map.of("status", "ready"));
        blob.setAccessTier(AccessTier.COOL);

        List<JsonObject> events = awaitEvents("tiered.txt", 2);
        JsonObject tier = events.get(1);
        assertThat(type(tier)).isEqualTo("Microsoft.Storage.BlobTierChanged");
        assertThat(data(tier).get("api").getAsString()).isEqualTo("SetBlobTier");
        assertThat(data(tier).get("accessTier").getAsString()).isEqualTo("Cool");
        assertThat(data(tier).get("previousTier").getAsString()).isEqualTo("Hot");
        assertThat(data(tier).get("contentLength").getAsLong()).isEqualTo(7);
        settled();
        assertThat(eventsFor("tiered.txt")).as("Set Blob Metadata raises no event in Azure").hasSize(2);
    }

    @Test
    void deletingABlob_emitsBlobDeleted() throws Exception {
        BlobClient blob = blob(WATCHED, "short-lived.txt");
        upload(blob, "bye", "text/plain");
        awaitEvents("short-lived.txt", 1);

        blob.delete();

        JsonObject deleted = awaitEvents("short-lived.txt", 2).get(1);
        assertThat(type(deleted)).isEqualTo("Microsoft.Storage.BlobDeleted");
        assertThat(data(deleted).get("api").getAsString()).isEqualTo("DeleteBlob");
        assertThat(data(deleted).get("contentType").getAsString()).isEqualTo("text/plain");
        assertThat(data(deleted).get("blobType").getAsString()).isEqualTo("BlockBlob");
        assertThat(data(deleted).has("eTag")).isFalse();
        assertThat(data(deleted).get("url").getAsString()).isEqualTo(blob.getBlobUrl());
    }

    @Test
    void anEventWhoseWebhookKeepsFailing_isRetriedThenDeadLettered() throws Exception {
        BlobClient blob = blob(DOOMED, "never.txt");
        upload(blob, "no luck", "text/plain");

        List<EventProbe.Call> attempts = EventProbe.await("Doomed", 3, WAIT);
        assertThat(attempts).hasSize(3);
        JsonObject letter = awaitDeadLetter("never.txt");

        assertThat(letter.get("deadLetterReason").getAsString()).isEqualTo("MaxDeliveryAttemptsExceeded");
        assertThat(letter.get("deliveryAttempts").getAsInt()).isEqualTo(3);
        assertThat(letter.get("lastDeliveryOutcome").getAsString()).isEqualTo("GenericError");
        assertThat(letter.get("lastHttpStatusCode").getAsInt()).isEqualTo(500);
        assertThat(Instant.parse(letter.get("publishTime").getAsString()))
                .isBeforeOrEqualTo(Instant.parse(letter.get("lastDeliveryAttemptTime").getAsString()));
        assertThat(letter.get("eventType").getAsString()).isEqualTo("Microsoft.Storage.BlobCreated");
        String firstId = JsonParser.parseString((String) attempts.get(0).get("event")).getAsJsonObject().get("id").getAsString();
        assertThat(letter.get("id").getAsString()).as("every attempt carried the same event").isEqualTo(firstId);
        settled();
        assertThat(EventProbe.calls("Doomed")).hasSize(3);
    }

    @Test
    void anUploadMakesTheBlobTriggerRun_withNothingElseRunning() throws Exception {
        BlobClient blob = blob(AUTO, "incoming/photo.jpg");
        upload(blob, "not really a jpeg", "image/jpeg");

        EventProbe.Call call = EventProbe.await("AutoUpload", 1, WAIT).get(0);
        assertThat(call.get("name")).isEqualTo("incoming/photo.jpg");
        assertThat(call.get("content")).isEqualTo("not really a jpeg");
        blob.setAccessTier(AccessTier.COOL);
        blob.delete();
        settled();
        assertThat(EventProbe.calls("AutoUpload")).as("blob triggers subscribe to BlobCreated only").hasSize(1);
    }

    @Test
    void afterARestart_onlyWhatChangedMeanwhileIsEmitted() throws Exception {
        BlobClient before = blob(WATCHED, "restart/before.txt");
        upload(before, "old", "text/plain");
        awaitEvents("restart/before.txt", 1);
        host.close();

        BlobClient meanwhile = blob(WATCHED, "restart/meanwhile.txt");
        upload(meanwhile, "new while down", "text/plain");
        blob(WATCHED, "restart/before.txt").delete();
        host = startHost();

        assertThat(type(awaitEvents("restart/meanwhile.txt", 1).get(0))).isEqualTo("Microsoft.Storage.BlobCreated");
        List<JsonObject> beforeEvents = awaitEvents("restart/before.txt", 2);
        assertThat(type(beforeEvents.get(1))).isEqualTo("Microsoft.Storage.BlobDeleted");
        settled();
        assertThat(eventsFor("restart/meanwhile.txt")).hasSize(1);
        assertThat(eventsFor("restart/before.txt")).hasSize(2);
        assertThat(eventsFor("docs/one.txt").size()).as("older blobs are not replayed").isLessThanOrEqualTo(2);
    }

    static JsonObject awaitDeadLetter(String blobName) throws InterruptedException {
        BlobContainerClient letters = storage.getBlobContainerClient("eventgrid-deadletter");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (letters.exists()) {
                for (BlobItem item : letters.listBlobs(new ListBlobsOptions().setPrefix("DEVSTOREACCOUNT1/DOOMED/"), null)) {
                    JsonArray content = JsonParser.parseString(letters.getBlobClient(item.getName()).downloadContent().toString())
                            .getAsJsonArray();
                    JsonObject letter = content.get(0).getAsJsonObject();
                    if (letter.get("subject").getAsString().endsWith("/blobs/" + blobName)) {
                        assertThat(item.getName()).matches("DEVSTOREACCOUNT1/DOOMED/\\d{4}/\\d\\d/\\d\\d/\\d\\d/[0-9a-f-]{36}\\.json");
                        return letter;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no dead letter for " + blobName);
    }
}
