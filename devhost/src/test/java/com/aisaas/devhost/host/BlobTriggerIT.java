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
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blob triggers with source EventGrid against real Azurite (docs/functions-host.md §3, §6): events posted to the blobs webhook by hand
 * (the local event source is off here), content and SDK-type bindings, binding data, receipts, retries and poison.
 */
class BlobTriggerIT {

    static final String KEY = "blobs-key-it";
    static final String CONTAINER = "blob-trigger-it";
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    static FunctionsHost host;
    static TestHttp http;
    static BlobServiceClient storage;
    static BlobContainerClient container;
    static Map<String, String> env;
    static String hostId;

    static Map<String, Object> blobTrigger(String path) {
        return EventWebhooksTest.blobTrigger(path, "EventGrid", "TestStorage");
    }

    @BeforeAll
    static void start() throws IOException {
        String connection = LocalServices.shared().azurite().connectionString();
        storage = new BlobServiceClientBuilder().connectionString(connection).httpClient(new JdkHttpClientBuilder().build()).buildClient();
        container = storage.getBlobContainerClient(CONTAINER);
        container.createIfNotExists();
        TestApp app = new TestApp()
                .trigger("Bytes", "BlobFunctions.bytes", blobTrigger(CONTAINER + "/{name}"))
                .trigger("Text", "BlobFunctions.text", blobTrigger(CONTAINER + "/{name}"))
                .trigger("Sdk", "BlobFunctions.sdk", blobTrigger(CONTAINER + "/{name}"))
                .trigger("Tokens", "BlobFunctions.tokens", blobTrigger(CONTAINER + "/{user}/{file}.{ext}"))
                .trigger("Flaky", "BlobFunctions.text", blobTrigger(CONTAINER + "/{name}"))
                .trigger("Doomed", "BlobFunctions.text", blobTrigger(CONTAINER + "/{name}"));
        for (Path jar : storageSdkJars()) {
            app.lib(jar);
        }
        app.writeTo(dir);
        hostId = "blob-it-" + UUID.randomUUID().toString().substring(0, 8);
        env = Map.of("TestStorage", connection, "AzureWebJobsStorage", connection, "DEVHOST_BLOBS_EXTENSION_KEY", KEY,
                "DEVHOST_EVENT_SOURCE", "off", "AzureFunctionsWebHost__hostid", hostId, "DEVHOST_BLOB_RECEIPTS", "true");
        host = startHost();
        http = new TestHttp(host.baseUrl());
    }

    static FunctionsHost startHost() {
        return startHost(env);
    }

    static FunctionsHost startHost(Map<String, String> environment) {
        return new FunctionsHost(HostOptions.of(dir).withPort(0).withEnvironment(environment).withDrainTimeout(Duration.ofSeconds(5)),
                line -> { }).start();
    }

    /** azure-storage-blob and its storage siblings from the test class path: the app brings its own copy, as a real package does. */
    static List<Path> storageSdkJars() throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (path.getFileName() != null && path.getFileName().toString().startsWith("azure-storage-") && Files.isRegularFile(path)) {
                jars.add(path);
            }
        }
        assertThat(jars).anySatisfy(jar -> assertThat(jar.getFileName().toString()).startsWith("azure-storage-blob-"));
        return jars;
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
    }

    @BeforeEach
    void resetProbe() {
        EventProbe.reset();
    }

    static BlobClient upload(String name, String content, Map<String, String> metadata) {
        BlobClient blob = container.getBlobClient(name);
        blob.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromString(content)).setMetadata(metadata), null, null);
        return blob;
    }

    /** A BlobCreated event for the blob as it is now, in Event Grid schema. */
    static String createdEvent(BlobClient blob) {
        BlobProperties properties = blob.getProperties();
        JsonObject data = new JsonObject();
        data.addProperty("api", "PutBlob");
        data.addProperty("eTag", properties.getETag());
        data.addProperty("contentType", properties.getContentType());
        data.addProperty("contentLength", properties.getBlobSize());
        data.addProperty("blobType", "BlockBlob");
        data.addProperty("url", blob.getBlobUrl());
        data.addProperty("sequencer", "00000000000000000000000000000001");
        JsonObject event = new JsonObject();
        event.addProperty("topic", "/subscriptions/x/resourceGroups/devhost/providers/Microsoft.Storage/storageAccounts/devstoreaccount1");
        event.addProperty("subject", "/blobServices/default/containers/" + CONTAINER + "/blobs/" + blob.getBlobName());
        event.addProperty("eventType", "Microsoft.Storage.BlobCreated");
        event.addProperty("id", UUID.randomUUID().toString());
        event.add("data", data);
        event.addProperty("dataVersion", "");
        event.addProperty("metadataVersion", "1");
        event.addProperty("eventTime", "2026-01-01T00:00:00.0000000Z");
        JsonArray array = new JsonArray();
        array.add(event);
        return array.toString();
    }

    static HttpResponse<String> post(TestHttp client, String function, String body) {
        return post(client, KEY, function, body);
    }

    static HttpResponse<String> post(TestHttp client, String key, String function, String body) {
        return client.send(client.request("/runtime/webhooks/blobs?functionName=Host.Functions." + function + "&code=" + key)
                .header("aeg-event-type", "Notification").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /**
     * Returns once every blob-trigger message {@code on} accepted so far is done (run, skipped or poisoned) and no retry
     * is waiting: an invocation that has not happened by then will not happen.
     */
    static void settled(FunctionsHost on) throws InterruptedException {
        assertThat(on.awaitSettled(WAIT)).as("the blob-trigger queue drained").isTrue();
    }

    @Test
    void byteArrayFunction_getsTheContent_andTheBindingData() throws Exception {
        BlobClient blob = upload("dir/a b.txt", "hello blob", Map.of("owner", "ann"));

        HttpResponse<String> response = post(http, "Bytes", createdEvent(blob));

        assertThat(response.statusCode()).isEqualTo(202);
        EventProbe.Call call = EventProbe.await("Bytes", 1, WAIT).get(0);
        assertThat(call.get("content")).isEqualTo("hello blob");
        assertThat(call.get("name")).as("{name} takes the rest of the path, '/' included").isEqualTo("dir/a b.txt");
        assertThat(call.get("trigger")).isEqualTo(CONTAINER + "/dir/a b.txt");
        assertThat((String) call.get("uri")).isEqualTo(storage.getAccountUrl() + "/" + CONTAINER + "/dir/a%20b.txt");
        assertThat(call.get("metadata")).isEqualTo(Map.of("owner", "ann"));
        JsonObject properties = JsonParser.parseString((String) call.get("properties")).getAsJsonObject();
        assertThat(properties.get("ContentLength").getAsLong()).isEqualTo(10);
        assertThat(properties.get("BlobType").getAsString()).isEqualTo("Block");
        assertThat(properties.get("ETag").getAsString()).isEqualTo("\"" + blob.getProperties().getETag().replace("\"", "") + "\"");
    }

    @Test
    void stringFunction_getsTheContentAsUtf8() throws Exception {
        BlobClient blob = upload("text/grüße.txt", "grüße ✓", Map.of());
        assertThat(post(http, "Text", createdEvent(blob)).statusCode()).isEqualTo(202);
        EventProbe.Call call = EventProbe.await("Text", 1, WAIT).get(0);
        assertThat(call.get("content")).isEqualTo("grüße ✓");
        assertThat(call.get("name")).isEqualTo("text/grüße.txt");
    }

    @Test
    void blobClientFunction_getsAClientBuiltWithTheAppsOwnSdk_forThatBlob() throws Exception {
        BlobClient blob = upload("sdk/report.pdf", "%PDF-1.7 not really", Map.of());
        assertThat(post(http, "Sdk", createdEvent(blob)).statusCode()).isEqualTo(202);
        EventProbe.Call call = EventProbe.await("Sdk", 1, WAIT).get(0);
        assertThat(call.get("loader")).as("BlobClient comes from the app's lib/, child-first").isEqualTo("devhost-app");
        assertThat(call.get("sameClassAsDeclared")).isEqualTo(true);
        assertThat(call.get("container")).isEqualTo(CONTAINER);
        assertThat(call.get("blobName")).isEqualTo("sdk/report.pdf");
        assertThat(call.get("content")).isEqualTo("%PDF-1.7 not really");
        assertThat(call.get("name")).isEqualTo("sdk/report.pdf");
    }

    @Test
    void everyTokenOfThePath_isBindingData() throws Exception {
        BlobClient blob = upload("ann/report.final.pdf", "x", Map.of());
        assertThat(post(http, "Tokens", createdEvent(blob)).statusCode()).isEqualTo(202);
        EventProbe.Call call = EventProbe.await("Tokens", 1, WAIT).get(0);
        assertThat(call.values()).containsEntry("user", "ann").containsEntry("file", "report.final").containsEntry("ext", "pdf");
    }

    @Test
    void receipts_preventASecondInvocationForTheSameETag_butANewVersionRunsAgain() throws Exception {
        BlobClient blob = upload("receipts/once.txt", "v1", Map.of());
        String event = createdEvent(blob);
        String eTag = blob.getProperties().getETag().replace("\"", "");

        assertThat(post(http, "Text", event).statusCode()).isEqualTo(202);
        assertThat(EventProbe.await("Text", 1, WAIT)).hasSize(1);
        assertThat(post(http, "Text", event).statusCode()).isEqualTo(202);
        settled(host);
        assertThat(EventProbe.calls("Text")).hasSize(1);

        BlobClient receipt = storage.getBlobContainerClient("azure-webjobs-hosts")
                .getBlobClient("blobreceipts/" + hostId + "/Host.Functions.Text/" + eTag + "/" + CONTAINER + "/receipts/once.txt");
        assertThat(receipt.exists()).isTrue();
        assertThat(receipt.getProperties().getMetadata()).anySatisfy((key, value) -> {
            assertThat(key).isEqualToIgnoringCase("Completed");
            assertThat(value).isEqualTo("true");
        });

        upload("receipts/once.txt", "v2", Map.of());
        assertThat(post(http, "Text", createdEvent(blob)).statusCode()).isEqualTo(202);
        List<EventProbe.Call> calls = EventProbe.await("Text", 2, WAIT);
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1).get("content")).isEqualTo("v2");
    }

    @Test
    void withoutReceipts_theDefault_aDuplicateDeliveryInvokesAgain_asOnAzuresEventGridPath() throws Exception {
        Map<String, String> azureLike = new java.util.HashMap<>(env);
        azureLike.remove("DEVHOST_BLOB_RECEIPTS");
        // A host of its own: one sharing the host id would share the blob-trigger queue with the receipt-keeping host.
        azureLike.put("AzureFunctionsWebHost__hostid", hostId + "-plain");
        BlobClient blob = upload("receipts/twice.txt", "dup", Map.of());
        String event = createdEvent(blob);
        try (FunctionsHost plain = startHost(azureLike)) {
            TestHttp plainHttp = new TestHttp(plain.baseUrl());

            assertThat(post(plainHttp, "Text", event).statusCode()).isEqualTo(202);
            assertThat(EventProbe.await("Text", 1, WAIT)).hasSize(1);
            assertThat(post(plainHttp, "Text", event).statusCode()).isEqualTo(202);

            assertThat(EventProbe.await("Text", 2, WAIT)).hasSize(2);
        }
    }

    @Test
    void theSameEventDeliveredConcurrently_toTwoHostsSharingTheStorage_runsOnce() throws Exception {
        BlobClient blob = upload("receipts/raced.txt", "race", Map.of());
        String event = createdEvent(blob);
        try (FunctionsHost second = startHost()) {
            TestHttp secondHttp = new TestHttp(second.baseUrl());
            assertThat(second.hostId()).isEqualTo(host.hostId());
            List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                posts.add(CompletableFuture.supplyAsync(() -> post(http, "Text", event)));
                posts.add(CompletableFuture.supplyAsync(() -> post(secondHttp, "Text", event)));
            }
            for (CompletableFuture<HttpResponse<String>> sent : posts) {
                assertThat(sent.get().statusCode()).isEqualTo(202);
            }
            assertThat(EventProbe.await("Text", 1, WAIT)).hasSize(1);
            settled(host);
            settled(second);
        }
        assertThat(EventProbe.calls("Text")).hasSize(1);
    }

    @Test
    void aFailingFunction_isTriedFiveTimes_thenAPoisonMessageIsWritten() throws Exception {
        EventProbe.failAlways("Doomed");
        BlobClient blob = upload("poison/bad.bin", "bad", Map.of());
        String eTag = blob.getProperties().getETag().replace("\"", "");

        assertThat(post(http, "Doomed", createdEvent(blob)).statusCode()).isEqualTo(202);

        assertThat(EventProbe.await("Doomed", 5, WAIT)).hasSize(5);
        JsonObject poison = awaitPoison("Host.Functions.Doomed", "poison/bad.bin");
        assertThat(poison.get("Type").getAsString()).isEqualTo("BlobTrigger");
        assertThat(poison.get("BlobType").getAsString()).isEqualTo("Block");
        assertThat(poison.get("ContainerName").getAsString()).isEqualTo(CONTAINER);
        assertThat(poison.get("ETag").getAsString()).isEqualTo("\"" + eTag + "\"");
        settled(host);
        assertThat(EventProbe.calls("Doomed")).hasSize(5);
    }

    @Test
    void aFunctionThatFailsTwice_succeedsOnTheThirdTry_withoutPoison() throws Exception {
        EventProbe.failNext("Flaky", 2);
        BlobClient blob = upload("flaky/ok.txt", "eventually", Map.of());

        assertThat(post(http, "Flaky", createdEvent(blob)).statusCode()).isEqualTo(202);

        assertThat(EventProbe.await("Flaky", 3, WAIT)).hasSize(3);
        settled(host);
        assertThat(EventProbe.calls("Flaky")).hasSize(3);
        assertThat(poisonMessages()).noneSatisfy(message -> assertThat(message.get("FunctionId").getAsString())
                .isEqualTo("Host.Functions.Flaky"));
    }

    @Test
    void anEventForABlobThatIsGone_orOutsideThePath_isAcceptedAndSkipped() throws Exception {
        BlobClient blob = upload("gone/soon.txt", "bye", Map.of());
        String event = createdEvent(blob);
        blob.delete();

        assertThat(post(http, "Text", event).statusCode()).isEqualTo(202);
        assertThat(post(http, "Text", EventFixtures.read("eventgrid/BlobCreated.PutBlockList.json")).statusCode())
                .as("the published sample names container testcontainer, outside the path").isEqualTo(202);
        settled(host);
        assertThat(EventProbe.calls("Text")).isEmpty();
    }

    static JsonObject awaitPoison(String functionId, String blobName) throws InterruptedException {
        String connection = LocalServices.shared().azurite().connectionString();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject message = PoisonQueue.find(connection, functionId, blobName);
            if (message != null) {
                return message;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no poison message for " + functionId + " / " + blobName);
    }

    static List<JsonObject> poisonMessages() {
        return PoisonQueue.messages(LocalServices.shared().azurite().connectionString());
    }
}
