package com.aisaas.devhost.host;

import static com.aisaas.devhost.host.TestApp.binding;
import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.devhost.services.LocalServices;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blob really larger than the host JVM's heap (-Xmx64m, an 80 MiB blob) bound as {@code byte[]} by the quickstart's
 * copy function, in a host JVM of its own (docs/functions-host.md §8.4): every try fails, the message is poisoned,
 * the host keeps answering HTTP and stops on SIGTERM. The blob exceeds the maximum heap, so the allocation fails on
 * every try whatever the garbage collector's state.
 */
class HeapExhaustionIT {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final int BLOB_BYTES = 80 * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aBlobLargerThanTheHeap_failsEveryTry_isPoisoned_andTheHostKeepsServingAndStops() throws Exception {
        String connection = LocalServices.shared().azurite().connectionString();
        BlobServiceClient storage = new BlobServiceClientBuilder().connectionString(connection)
                .httpClient(new JdkHttpClientBuilder().build()).buildClient();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String in = "heap-in-" + suffix;
        String out = "heap-out-" + suffix;
        storage.getBlobContainerClient(in).create();
        new TestApp()
                .bindings("HttpExample", "QuickstartFunctions.hello", List.of(
                        binding("httpTrigger", "in", "req", "authLevel", "ANONYMOUS"), binding("http", "out", "$return")))
                .bindings("ProcessBlobUpload", "QuickstartFunctions.copy", List.of(
                        binding("blobTrigger", "in", "sourceBlob", "path", in + "/{name}", "source", "EventGrid",
                                "connection", "QuickstartStorage"),
                        binding("blob", "out", "outputBlob", "path", out + "/processed-{name}", "connection", "QuickstartStorage")))
                .writeTo(dir.resolve("app"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = dir.resolve("host.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), HostMain.class.getName(), "--app", dir.resolve("app").toString(),
                "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("QuickstartStorage", connection);
        builder.environment().put("AzureWebJobsStorage", connection);
        builder.environment().put("DEVHOST_EVENT_POLL_MS", "50");
        builder.environment().put("DEVHOST_TIMERS", "off");
        builder.environment().put("AzureFunctionsWebHost__hostid", "heap-" + suffix);
        Process host = builder.start();
        try {
            awaitLine(log, "devhost listening", host);
            storage.getBlobContainerClient(in).getBlobClient("too-big.bin").upload(BinaryData.fromBytes(new byte[BLOB_BYTES]));

            JsonObject poison = awaitPoison(connection, "Host.Functions.ProcessBlobUpload", "too-big.bin", host);

            assertThat(poison.get("ContainerName").getAsString()).isEqualTo(in);
            assertThat(Files.readString(log)).contains("does not fit in the heap").contains("try 5 of 5");
            TestHttp http = new TestHttp("http://127.0.0.1:" + port);
            HttpResponse<String> response = http.get("/api/HttpExample?name=survivor");
            assertThat(response.body()).isEqualTo("Hello, survivor");
            assertThat(storage.getBlobContainerClient(out).exists()).as("nothing was copied").isFalse();
        } finally {
            host.destroy();
            boolean stopped = host.waitFor(60, TimeUnit.SECONDS);
            if (!stopped) {
                host.destroyForcibly();
            }
            assertThat(stopped).as("the host drains and stops on SIGTERM").isTrue();
        }
    }

    static void awaitLine(Path log, String text, Process host) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && host.isAlive()) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("host never printed '" + text + "':\n" + (Files.exists(log) ? Files.readString(log) : ""));
    }

    static JsonObject awaitPoison(String connection, String functionId, String blobName, Process host) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && host.isAlive()) {
            JsonObject message = PoisonQueue.find(connection, functionId, blobName);
            if (message != null) {
                return message;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no poison message for " + blobName + (host.isAlive() ? "" : " (the host exited)"));
    }
}
