package com.aisaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.devhost.services.LocalServices;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Upload processing end to end (issue 4, first slice): the packaged app under devhost with real PostgreSQL, Redis
 * and Azurite. A plain HTTP PUT through the upload SAS is all a client does; devhost's storage-event source sees
 * the blob, posts BlobCreated to the blob trigger's webhook, and ProcessUpload makes the file ready or rejected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessingEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient PLAIN_HTTP = HttpClient.newHttpClient();
    private static final Duration PROCESSING_TIMEOUT = Duration.ofSeconds(15);

    private LocalServices services;
    private Devhost devhost;
    private BlobServiceClient storage;
    private final String alice = "alice-" + UUID.randomUUID();

    @BeforeAll
    void start() {
        services = LocalServices.shared();
        Map<String, String> settings = new HashMap<>(services.settings());
        settings.put("DB_URL", services.postgres().createDatabase("processing_e2e"));
        settings.put("JWT_SIGNING_KEY", Tokens.SIGNING_KEY);
        settings.put("AUTH_ISSUER", Tokens.ISSUER);
        settings.put("AUTH_AUDIENCE", Tokens.AUDIENCE);
        settings.put("RATE_LIMIT_PER_MINUTE", "10000");
        settings.put("DEVHOST_EVENT_POLL_MS", "200");
        storage = new BlobServiceClientBuilder().connectionString(settings.get("UploadsStorage"))
                .httpClient(new com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder().build()).buildClient();
        devhost = Devhost.start(settings);
    }

    @AfterAll
    void stop() {
        if (devhost != null) {
            devhost.close();
        }
    }

    @Test
    void plainPutThroughTheSas_becomesReady_withItsHashAndType_andDownloads() throws Exception {
        byte[] content = ("quarterly numbers, plain text\n" + "x".repeat(5000)).getBytes(StandardCharsets.UTF_8);
        JsonNode session = createSession("notes.txt", content.length, "text/plain");
        String id = session.path("fileId").asText();

        put(session, content);
        JsonNode file = awaitStatusOtherThanPending(id);

        assertThat(file.path("status").asText()).as(file.toString()).isEqualTo("ready");
        assertThat(file.path("sha256").asText()).isEqualTo(sha256(content));
        assertThat(file.path("contentType").asText()).isEqualTo("text/plain");
        assertThat(file.path("size").asLong()).isEqualTo(content.length);
        assertThat(file.path("processedAt").isTextual()).isTrue();

        HttpResponse<String> redirect = ApiContract.conforms(devhost.send(
                auth(devhost.request("/api/v1/files/" + id + "/content")).GET()));
        assertThat(redirect.statusCode()).isEqualTo(302);
        String location = redirect.headers().firstValue("location").orElseThrow();
        HttpResponse<byte[]> downloaded = PLAIN_HTTP.send(HttpRequest.newBuilder(URI.create(location)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(downloaded.statusCode()).isEqualTo(200);
        assertThat(downloaded.body()).isEqualTo(content);
    }

    @Test
    void disguisedExecutable_isRejected_andItsBlobQuarantined() throws Exception {
        byte[] content = new byte[2048];
        content[0] = 'M';
        content[1] = 'Z';
        byte[] stub = "This program cannot be run in DOS mode.".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(stub, 0, content, 0x4E, stub.length);
        JsonNode session = createSession("x.pdf", content.length, "application/pdf");
        String id = session.path("fileId").asText();

        put(session, content);
        JsonNode file = awaitStatusOtherThanPending(id);

        assertThat(file.path("status").asText()).as(file.toString()).isEqualTo("rejected");
        assertThat(file.path("rejectionReason").asText()).contains("application/pdf");
        String blobName = blobName(session);
        assertThat(storage.getBlobContainerClient("quarantine").getBlobClient(blobName).exists()).isTrue();
        assertThat(storage.getBlobContainerClient("uploaded-files").getBlobClient(blobName).exists()).isFalse();
        HttpResponse<String> download = ApiContract.conforms(devhost.send(
                auth(devhost.request("/api/v1/files/" + id + "/content")).GET()));
        assertThat(download.statusCode()).isEqualTo(409);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private JsonNode awaitStatusOtherThanPending(String id) throws Exception {
        long deadline = System.nanoTime() + PROCESSING_TIMEOUT.toNanos();
        JsonNode file = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = ApiContract.conforms(devhost.send(
                    auth(devhost.request("/api/v1/files/" + id)).GET()));
            assertThat(response.statusCode()).isEqualTo(200);
            file = JSON.readTree(response.body());
            String status = file.path("status").asText();
            if (!status.equals("pending") && !status.equals("processing")) {
                return file;
            }
            Devhost.sleep(200);
        }
        throw new AssertionError("file " + id + " still " + file + " after " + PROCESSING_TIMEOUT
                + "; devhost output:\n" + devhost.output());
    }

    private JsonNode createSession(String name, long size, String type) throws Exception {
        HttpResponse<String> response = ApiContract.conforms(devhost.send(auth(devhost.request("/api/v1/files/uploads"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("name", name, "size", size, "contentType", type))))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private static void put(JsonNode session, byte[] content) throws Exception {
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(session.path("uploadUrl").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
        session.path("headers").fields().forEachRemaining(h -> put.header(h.getKey(), h.getValue().asText()));
        HttpResponse<String> uploaded = PLAIN_HTTP.send(put.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
    }

    /** The blob name inside {@code uploaded-files}, from the upload URL's path. */
    private static String blobName(JsonNode session) {
        String path = URI.create(session.path("uploadUrl").asText()).getPath();
        String marker = "/uploaded-files/";
        return java.net.URLDecoder.decode(path.substring(path.indexOf(marker) + marker.length()),
                StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder auth(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + Tokens.user(alice));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
