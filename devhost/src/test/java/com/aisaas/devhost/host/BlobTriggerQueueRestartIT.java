package com.aisaas.devhost.host;

import static com.aisaas.devhost.host.TestApp.binding;
import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.devhost.services.LocalServices;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blob-trigger queue outlives the host process (docs/functions-host.md §3.3): events acknowledged by the blobs webhook
 * are on the storage queue {@code azure-webjobs-blobtrigger-<host id>}; the host JVM is killed with SIGKILL while tries run
 * (held at a gate) and others wait on the queue; a new host JVM with the same host id runs every one of them, the
 * interrupted ones after their visibility timeout, and each blob is copied exactly once.
 */
class BlobTriggerQueueRestartIT {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final int BLOBS = 20;        // more than the queue runs at once (16), so some wait on the queue when the host dies
    static final String KEY = "blobs-key-restart";

    @TempDir
    Path dir;

    @Test
    void aHostKilledWithWorkRunningAndQueued_losesNothing_andTheNextHostRunsEachBlobOnce() throws Exception {
        LocalServices services = LocalServices.shared();
        String data = services.azurite().connectionString();
        String hostStorage = services.azurite().hostConnectionString();
        BlobServiceClient storage = new BlobServiceClientBuilder().connectionString(data)
                .httpClient(new JdkHttpClientBuilder().build()).buildClient();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        BlobContainerClient in = storage.getBlobContainerClient("gated-in-" + suffix);
        BlobContainerClient out = storage.getBlobContainerClient("gated-out-" + suffix);
        in.create();
        new TestApp()
                .bindings("Gated", "GatedFunctions.pass", List.of(
                        binding("blobTrigger", "in", "blob", "path", in.getBlobContainerName() + "/{name}", "source", "EventGrid",
                                "connection", "GatedStorage"),
                        binding("blob", "out", "done", "path", out.getBlobContainerName() + "/{name}/{rand-guid}",
                                "connection", "GatedStorage")))
                .writeTo(dir.resolve("app"));
        Path gate = Files.createDirectories(dir.resolve("gate"));
        String hostId = "restart-" + suffix;
        Map<String, String> env = new HashMap<>();
        env.put("GatedStorage", data);
        env.put("AzureWebJobsStorage", hostStorage);
        env.put("AzureFunctionsWebHost__hostid", hostId);
        env.put("DEVHOST_BLOBS_EXTENSION_KEY", KEY);
        env.put("DEVHOST_EVENT_SOURCE", "off");
        env.put("DEVHOST_TIMERS", "off");
        env.put("DEVHOST_BLOB_QUEUE_VISIBILITY_SECONDS", "3");
        env.put("GATE_DIR", gate.toString());
        QueueClient queue = new QueueClientBuilder().connectionString(hostStorage).queueName("azure-webjobs-blobtrigger-" + hostId)
                .httpClient(new JdkHttpClientBuilder().build()).buildClient();

        Process first = startHost(env, dir.resolve("first.log"));
        int startedBeforeKill;
        try {
            TestHttp http = new TestHttp("http://127.0.0.1:" + portOf(first));
            for (int i = 0; i < BLOBS; i++) {
                BlobClient blob = in.getBlobClient("doc-" + i + ".txt");
                blob.upload(BinaryData.fromString("content " + i));
                assertThat(BlobTriggerIT.post(http, KEY, "Gated", BlobTriggerIT.createdEvent(blob)).statusCode()).isEqualTo(202);
            }
            awaitStarted(gate, 1, first);
        } finally {
            first.destroyForcibly();    // SIGKILL: no drain, no shutdown hook
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        startedBeforeKill = started(gate);
        assertThat(startedBeforeKill).as("tries were running, and some messages had not started").isBetween(1, BLOBS - 1);
        assertThat(outputs(out)).as("nothing passed the gate").isEmpty();
        assertThat(queue.getProperties().getApproximateMessagesCount()).as("every acknowledged event is on the queue")
                .isEqualTo(BLOBS);

        Files.createFile(gate.resolve("open"));
        Process second = startHost(env, dir.resolve("second.log"));
        try {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!(outputs(out).size() == BLOBS && queue.getProperties().getApproximateMessagesCount() == 0)) {
                assertThat(second.isAlive()).as("the second host runs").isTrue();
                assertThat(System.nanoTime()).as("every blob copied and the queue empty within " + WAIT + ": " + outputs(out).keySet()
                        + "\n" + Files.readString(dir.resolve("second.log"))).isLessThan(deadline);
                Thread.sleep(100);
            }
            Map<String, Integer> copies = outputs(out);
            assertThat(copies).hasSize(BLOBS);
            assertThat(copies.values()).as("one successful invocation per blob").containsOnly(1);
            assertThat(started(gate)).as("each message ran once more after the restart, the interrupted ones included")
                    .isEqualTo(startedBeforeKill + BLOBS);
            assertThat(Files.readString(dir.resolve("second.log"))).doesNotContain("poison");
        } finally {
            second.destroy();
            if (!second.waitFor(60, TimeUnit.SECONDS)) {
                second.destroyForcibly();
            }
        }
    }

    private final Map<Process, Integer> ports = new HashMap<>();

    private int portOf(Process host) {
        return ports.get(host);
    }

    private Process startHost(Map<String, String> env, Path log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), HostMain.class.getName(), "--app", dir.resolve("app").toString(),
                "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process host = builder.start();
        ports.put(host, port);
        HeapExhaustionIT.awaitLine(log, "devhost listening", host);
        return host;
    }

    private static void awaitStarted(Path gate, int count, Process host) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (started(gate) < count) {
            assertThat(host.isAlive()).as("the host runs").isTrue();
            assertThat(System.nanoTime()).as("a try started within " + WAIT).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static int started(Path gate) throws IOException {
        try (Stream<Path> files = Files.list(gate)) {
            return (int) files.filter(file -> file.getFileName().toString().startsWith("started-")).count();
        }
    }

    /** Output blobs per input blob name ({@code <name>/<guid>}). */
    private static Map<String, Integer> outputs(BlobContainerClient out) {
        Map<String, Integer> copies = new TreeMap<>();
        if (!out.exists()) {
            return copies;
        }
        List<String> names = new ArrayList<>();
        for (BlobItem item : out.listBlobs(new ListBlobsOptions(), null)) {
            names.add(item.getName());
        }
        for (String name : names) {
            copies.merge(name.substring(0, name.lastIndexOf('/')), 1, Integer::sum);
        }
        return copies;
    }
}
