package com.aisaas.devhost.host;

import static com.aisaas.devhost.host.TestApp.binding;
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
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app shaped like Microsoft's Java quickstarts ({@code testapp.QuickstartFunctions}: HTTP, an Event Grid blob trigger
 * copying each blob through a blob output binding, a timer) packaged as the Maven plugin packages it and run by the host
 * against real Azurite with the local storage-event source on (docs/functions-host.md §3, §8): the tests upload blobs
 * and call URLs as a user would and assert what ends up in storage.
 */
class QuickstartConformanceIT {

    static final String MASTER = "quickstart-master";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String CONNECTION = "QuickstartStorage";

    @TempDir
    static Path dir;
    static FunctionsHost host;
    static TestHttp http;
    static BlobServiceClient storage;
    static String notes;

    @BeforeAll
    static void start() throws IOException {
        String connection = LocalServices.shared().azurite().connectionString();
        storage = new BlobServiceClientBuilder().connectionString(connection).httpClient(new JdkHttpClientBuilder().build()).buildClient();
        notes = "notes-" + UUID.randomUUID().toString().substring(0, 8);
        for (String container : List.of("unprocessed", "failing", "oom", "oom-binding", "deep", notes)) {
            storage.getBlobContainerClient(container).createIfNotExists();
        }
        TestApp app = new TestApp()
                .bindings("HttpExample", "QuickstartFunctions.hello", List.of(
                        binding("httpTrigger", "in", "req", "authLevel", "ANONYMOUS"),
                        binding("http", "out", "$return")))
                .bindings("ProcessBlobUpload", "QuickstartFunctions.copy", List.of(
                        binding("blobTrigger", "in", "sourceBlob", "path", "unprocessed/{name}", "dataType", "binary",
                                "source", "EventGrid", "connection", CONNECTION),
                        binding("blob", "out", "outputBlob", "path", "processed/processed-{name}", "dataType", "binary",
                                "connection", CONNECTION)))
                .bindings("SaveNote", "QuickstartFunctions.save", List.of(
                        binding("httpTrigger", "in", "req", "authLevel", "ANONYMOUS"),
                        binding("blob", "out", "note", "path", "%NOTES_CONTAINER%/{rand-guid}.txt", "connection", CONNECTION),
                        binding("http", "out", "$return")))
                .bindings("ReadNote", "QuickstartFunctions.read", List.of(
                        binding("httpTrigger", "in", "req", "route", "notes/{file}", "authLevel", "ANONYMOUS"),
                        binding("blob", "in", "content", "path", "%NOTES_CONTAINER%/{file}", "connection", CONNECTION),
                        binding("http", "out", "$return")))
                .bindings("TimerReport", "QuickstartFunctions.report", List.of(
                        binding("timerTrigger", "in", "timer", "schedule", "0 0 0 1 1 *"),
                        binding("blob", "out", "$return", "path", "%NOTES_CONTAINER%/timer-{DateTime}.json", "connection", CONNECTION)))
                .bindings("CopyThenFail", "QuickstartFunctions.copyThenFail", List.of(
                        binding("blobTrigger", "in", "sourceBlob", "path", "failing/{name}", "dataType", "binary",
                                "source", "EventGrid", "connection", CONNECTION),
                        binding("blob", "out", "outputBlob", "path", "processed/failed-{name}", "dataType", "binary",
                                "connection", CONNECTION)))
                .bindings("OutOfMemory", "QuickstartFunctions.outOfMemory", List.of(
                        binding("blobTrigger", "in", "sourceBlob", "path", "oom/{name}", "dataType", "binary",
                                "source", "EventGrid", "connection", CONNECTION)))
                .bindings("OutOfMemoryInBinding", "QuickstartFunctions.outOfMemoryInBinding", List.of(
                        binding("blobTrigger", "in", "sourceBlob", "path", "oom-binding/{name}",
                                "source", "EventGrid", "connection", CONNECTION)))
                .bindings("StackOverflow", "QuickstartFunctions.stackOverflow", List.of(
                        binding("blobTrigger", "in", "sourceBlob", "path", "deep/{name}", "dataType", "binary",
                                "source", "EventGrid", "connection", CONNECTION)));
        app.writeTo(dir);
        Map<String, String> env = Map.of(
                // The connection name resolves as the host resolves it: AzureWebJobs<name> first.
                "AzureWebJobs" + CONNECTION, connection,
                "AzureWebJobsStorage", connection,
                "NOTES_CONTAINER", notes,
                "DEVHOST_TIMERS", "off",
                "DEVHOST_EVENT_POLL_MS", "50",
                "AzureFunctionsWebHost__hostid", "quickstart-" + UUID.randomUUID().toString().substring(0, 8));
        host = new FunctionsHost(HostOptions.of(dir).withPort(0).withKeys(null, MASTER).withEnvironment(env).withDrainTimeout(Duration.ofSeconds(5)),
                line -> { }).start();
        http = new TestHttp(host.baseUrl());
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

    static BlobClient upload(String container, String name, byte[] content) {
        BlobClient blob = storage.getBlobContainerClient(container).getBlobClient(name);
        blob.upload(BinaryData.fromBytes(content), true);
        return blob;
    }

    static byte[] pdf(String marker) {
        byte[] head = ("%PDF-1.7\n% " + marker + "\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] content = new byte[head.length + 256];
        System.arraycopy(head, 0, content, 0, head.length);
        for (int i = head.length; i < content.length; i++) {
            content[i] = (byte) (i * 31);   // not valid UTF-8: the copy must be byte for byte
        }
        return content;
    }

    static BlobClient awaitBlob(String container, String name) throws InterruptedException {
        BlobClient blob = storage.getBlobContainerClient(container).getBlobClient(name);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (storage.getBlobContainerClient(container).exists() && blob.exists()) {
                return blob;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no blob " + container + "/" + name);
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

    static List<String> names(String container) {
        List<String> names = new ArrayList<>();
        BlobContainerClient client = storage.getBlobContainerClient(container);
        if (client.exists()) {
            for (BlobItem item : client.listBlobs()) {
                names.add(item.getName());
            }
        }
        return names;
    }

    @Test
    void httpQuickstart_greetsByQueryAndBody() {
        assertThat(http.get("/api/HttpExample?name=Ann").body()).isEqualTo("Hello, Ann");
        assertThat(http.post("/api/HttpExample", "text/plain", "Bob".getBytes(StandardCharsets.UTF_8)).body()).isEqualTo("Hello, Bob");
        assertThat(http.get("/api/HttpExample").statusCode()).isEqualTo(400);
    }

    @Test
    void hostPing_answers200WithoutAKey() {
        HttpResponse<String> ping = http.get("/admin/host/ping");

        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.body()).isEmpty();
        assertThat(http.send(http.request("/admin/host/ping").DELETE().build()).statusCode()).isEqualTo(405);
    }

    @Test
    void anUploadedPdf_isCopiedByTheBlobTrigger_throughItsOutputBinding() throws Exception {
        byte[] content = pdf("copy me");
        upload("unprocessed", "reports/q1 report.pdf", content);

        BlobClient copy = awaitBlob("processed", "processed-reports/q1 report.pdf");

        assertThat(copy.downloadContent().toBytes()).isEqualTo(content);
        assertThat(EventProbe.await("ProcessBlobUpload", 1, WAIT).get(0).get("name")).isEqualTo("reports/q1 report.pdf");
    }

    @Test
    void aFunctionThatFailsAfterSettingItsOutput_writesNothing_andIsPoisonedAfterFiveTries() throws Exception {
        upload("failing", "doomed.pdf", pdf("doomed"));

        assertThat(EventProbe.await("CopyThenFail", 5, WAIT)).hasSize(5);
        awaitPoison("Host.Functions.CopyThenFail", "doomed.pdf");

        assertThat(names("processed")).doesNotContain("failed-doomed.pdf");
        assertThat(EventProbe.calls("CopyThenFail")).hasSize(5);
    }

    @Test
    void outOfMemoryInTheAppsCode_isAFailedTry_retriedThenPoisoned_andTheHostKeepsServing() throws Exception {
        upload("oom", "big.bin", pdf("oom"));

        assertThat(EventProbe.await("OutOfMemory", 5, WAIT)).hasSize(5);
        JsonObject poison = awaitPoison("Host.Functions.OutOfMemory", "big.bin");

        assertThat(poison.get("ContainerName").getAsString()).isEqualTo("oom");
        assertThat(http.get("/api/HttpExample?name=after").body()).isEqualTo("Hello, after");
    }

    @Test
    void outOfMemoryWhileBindingTheBlob_isAFailedTry_retriedThenPoisoned_andTheHostKeepsServing() throws Exception {
        upload("oom-binding", "huge.json", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(EventProbe.await("OutOfMemoryInBinding.tries", 5, WAIT)).hasSize(5);
        awaitPoison("Host.Functions.OutOfMemoryInBinding", "huge.json");

        assertThat(EventProbe.calls("OutOfMemoryInBinding")).isEmpty();
        assertThat(http.get("/api/HttpExample?name=after").body()).isEqualTo("Hello, after");
    }

    @Test
    void stackOverflowInTheAppsCode_isAFailedTry_retriedThenPoisoned_andTheHostKeepsServing() throws Exception {
        upload("deep", "deep.bin", pdf("deep"));

        assertThat(EventProbe.await("StackOverflow", 5, WAIT)).hasSize(5);
        awaitPoison("Host.Functions.StackOverflow", "deep.bin");

        assertThat(EventProbe.calls("StackOverflow.depth")).as("the recursion never returned").isEmpty();
        assertThat(http.get("/api/HttpExample?name=after").body()).isEqualTo("Hello, after");
    }

    @Test
    void anHttpFunctionsOutputBinding_writesABlobNamedBySettingAndFreshGuid() {
        List<String> before = names(notes);

        HttpResponse<String> response = http.post("/api/SaveNote", "text/plain", "remember the milk".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> added = new ArrayList<>(names(notes));
        added.removeAll(before);
        assertThat(added).singleElement().satisfies(name -> assertThat(name)
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.txt"));
        assertThat(storage.getBlobContainerClient(notes).getBlobClient(added.get(0)).downloadContent().toString())
                .isEqualTo("remember the milk");
    }

    @Test
    void aBlobInput_readsTheBlobTheRouteNames_andAMissingBlobBindsNull() {
        upload(notes, "hello.txt", "grüße".getBytes(StandardCharsets.UTF_8));

        assertThat(http.get("/api/notes/hello.txt").body()).isEqualTo("grüße");
        assertThat(http.get("/api/notes/absent.txt").body()).isEqualTo("(none)");
    }

    @Test
    void aTimersReturnValue_isWrittenThroughItsReturnBinding() throws Exception {
        HttpResponse<String> run = http.send(http.request("/admin/functions/TimerReport").header("x-functions-key", MASTER)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"input\":\"\"}")).build());
        assertThat(run.statusCode()).isEqualTo(202);

        String timerInfo = (String) EventProbe.await("TimerReport", 1, WAIT).get(0).get("timerInfo");
        Pattern name = Pattern.compile("timer-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z\\.json");
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> reports = List.of();
        while (reports.isEmpty() && System.nanoTime() < deadline) {
            reports = names(notes).stream().filter(n -> name.matcher(n).matches()).toList();
            Thread.sleep(50);
        }
        assertThat(reports).hasSize(1);
        String written = storage.getBlobContainerClient(notes).getBlobClient(reports.get(0)).downloadContent().toString();
        assertThat(JsonParser.parseString(written)).isEqualTo(JsonParser.parseString(timerInfo));
    }
}
