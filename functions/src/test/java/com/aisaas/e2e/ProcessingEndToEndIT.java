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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Upload processing and storage lifecycle end to end: the packaged app under devhost with real PostgreSQL, Redis
 * and Azurite. A plain HTTP PUT through the upload SAS is all a client does; devhost's storage-event source sees
 * the blob, posts BlobCreated to the blob trigger's webhook, and ProcessUpload makes the file ready or rejected.
 * Deletes and tier changes made straight in Storage reach StorageLifecycle the same way; redelivered and reordered
 * events, and a second host delivering every event again, change each row once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessingEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient PLAIN_HTTP = HttpClient.newHttpClient();
    private static final Duration PROCESSING_TIMEOUT = Duration.ofSeconds(120);

    private LocalServices services;
    private Map<String, String> settings;
    private Devhost devhost;
    private BlobServiceClient storage;
    private final String alice = "alice-" + UUID.randomUUID();

    @BeforeAll
    void start() {
        services = LocalServices.shared();
        settings = Devhost.settings(services, services.postgres().createDatabase("processing_e2e"));
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
        assertThat(file.path("metadata").path("snippet").asText()).startsWith("quarterly numbers, plain text");
        assertThat(file.path("metadata").path("encoding").asText()).isEqualTo("UTF-8");
        HttpResponse<String> metrics = devhost.send(devhost.request("/api/metrics")
                .header("x-functions-key", Devhost.FUNCTION_KEY).GET());
        assertThat(metrics.body()).as("the upload success metric, recorded by the blob trigger's processing")
                .containsPattern("uploads_total\\{[^}]*outcome=\"ready\"[^}]*\\} [1-9]");

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
    void aSecondPutThroughTheSameUploadUrl_afterReady_leavesHashEtagAndDownloadedBytes() throws Exception {
        byte[] content = ("processed once\n" + "x".repeat(3000)).getBytes(StandardCharsets.UTF_8);
        JsonNode session = createSession("once.txt", content.length, "text/plain");
        String id = session.path("fileId").asText();
        put(session, content);
        JsonNode file = awaitStatusOtherThanPending(id);
        assertThat(file.path("status").asText()).as(file.toString()).isEqualTo("ready");

        // the same upload URL, still valid, writes other bytes: Storage takes them into the upload name, the blob
        // trigger meets a file whose blob lives in the files container, changes nothing and removes that upload
        byte[] later = ("overwritten after ready\n" + "y".repeat(2991)).getBytes(StandardCharsets.UTF_8);
        assertThat(later).hasSameSizeAs(content);
        put(session, later);
        String name = blobNameOf(id);
        await(() -> !storage.getBlobContainerClient("uploaded-files").getBlobClient(name).exists(),
                "the upload written after ready to be removed");
        JsonNode after = JSON.readTree(ApiContract.conforms(devhost.send(
                auth(devhost.request("/api/v1/files/" + id)).GET())).body());
        assertThat(after.path("sha256").asText()).isEqualTo(sha256(content));
        assertThat(after.path("etag").asText()).isEqualTo(file.path("etag").asText());
        HttpResponse<byte[]> downloaded = PLAIN_HTTP.send(HttpRequest.newBuilder(URI.create(devhost.send(
                auth(devhost.request("/api/v1/files/" + id + "/content")).GET()).headers().firstValue("location")
                .orElseThrow())).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
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
        // the row is rejected first, then the blob moves (a retry finishes a move that failed), so wait for it
        await(() -> storage.getBlobContainerClient("quarantine").getBlobClient(blobName).exists()
                && !storage.getBlobContainerClient("uploaded-files").getBlobClient(blobName).exists(),
                "the blob of " + id + " to move to quarantine");
        HttpResponse<String> download = ApiContract.conforms(devhost.send(
                auth(devhost.request("/api/v1/files/" + id + "/content")).GET()));
        assertThat(download.statusCode()).isEqualTo(409);
    }

    @Test
    void deleteAndTierChange_madeStraightInStorage_theRowFollows() throws Exception {
        String id = readyFile("tiered.txt");
        String other = readyFile("to-delete.txt");
        String name = blobNameOf(id);
        // devhost's watcher lists the containers: a blob created and deleted between two listings makes no event at
        // all (Event Grid would send both). Change the blobs once their creation in files has been seen, as a real
        // operator's change comes long after it.
        awaitCreationSeen(name);
        awaitCreationSeen(blobNameOf(other));

        // a ready file's blob lives in the files container
        storage.getBlobContainerClient("files").getBlobClient(name)
                .setAccessTier(com.azure.storage.blob.models.AccessTier.COOL);
        storage.getBlobContainerClient("files").getBlobClient(blobNameOf(other)).delete();

        await(() -> "Cool".equals(column(id, "access_tier")), "tier of " + id + " to follow");
        await(() -> "deleted".equals(column(other, "status")), "row of " + other + " to be deleted");
        JsonNode deleted = JSON.readTree(ApiContract.conforms(devhost.send(
                auth(devhost.request("/api/v1/files/" + other)).GET())).body());
        assertThat(deleted.path("status").asText()).isEqualTo("deleted");
    }

    @Test
    void theSameEventThreeTimes_andOlderEventsLate_changeTheRowOnce() throws Exception {
        String id = readyFile("events.txt");
        String subject = "/blobServices/default/containers/files/blobs/" + blobNameOf(id);
        String olderId = "e2e-" + UUID.randomUUID();
        String newerId = "e2e-" + UUID.randomUUID();
        String older = tierEvent(olderId, subject, "Cool", "7FFFFFFFFFFFFFF00000000000000001");
        String newer = tierEvent(newerId, subject, "Archive", "7FFFFFFFFFFFFFF00000000000000002");

        for (String body : new String[] {newer, newer, newer, older, older, older}) {
            HttpResponse<String> delivered = devhost.send(devhost.request(
                    "/runtime/webhooks/eventgrid?functionName=StorageLifecycle&code=local-eventgrid-key")
                    .header("Content-Type", "application/json").header("aeg-event-type", "Notification")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(202);
        }

        assertThat(column(id, "access_tier")).isEqualTo("Archive");
        // Counted for these two events only: devhost's storage watcher delivers the blob's own events meanwhile, and
        // any of them that concerns the tier is applied or stale depending on when it arrives.
        String ours = "('" + newerId + "', '" + olderId + "')";
        assertThat(count("select count(*) from audit_log where action = 'file.tier-changed' and file_id = '" + id
                + "' and request_id in " + ours)).isEqualTo(1);
        assertThat(count("select count(*) from processed_events where subject = '" + subject
                + "' and outcome = 'stale' and event_id in " + ours)).isEqualTo(1);
    }

    @Test
    void aSecondHostDeliveringEveryEventAgain_processesEachUploadOnce() throws Exception {
        try (Devhost second = Devhost.start(settings)) {
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                byte[] content = ("twin hosts " + i + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
                JsonNode session = createSession("twin-" + i + ".txt", content.length, "text/plain");
                put(session, content);
                ids.add(session.path("fileId").asText());
            }
            for (String id : ids) {
                assertThat(awaitStatusOtherThanPending(id).path("status").asText()).isEqualTo("ready");
            }
            // both hosts saw every blob and delivered it; give the later deliveries time to arrive and finish
            Devhost.sleep(3000);
            for (String id : ids) {
                assertThat(count("select count(*) from audit_log where action = 'file.ready' and file_id = '" + id
                        + "'")).as("ready transitions of " + id).isEqualTo(1);
            }
        }
    }

    @Test
    void deadLetters_areForOperatorsOnly_andMatchTheSpec() throws Exception {
        HttpResponse<String> asUser = ApiContract.conforms(devhost.send(
                auth(devhost.request("/api/v1/admin/dead-letters")).GET()));
        HttpResponse<String> asOperator = ApiContract.conforms(devhost.send(devhost.request(
                "/api/v1/admin/dead-letters?status=all&limit=5").header("Authorization", "Bearer "
                + Tokens.operator("ops-" + UUID.randomUUID())).GET()));
        HttpResponse<String> unknown = ApiContract.conforms(devhost.send(devhost.request(
                "/api/v1/admin/dead-letters/999999999/replay").header("Authorization", "Bearer "
                + Tokens.operator("ops-" + UUID.randomUUID())).POST(HttpRequest.BodyPublishers.noBody())));

        assertThat(asUser.statusCode()).isEqualTo(403);
        assertThat(asOperator.statusCode()).as(asOperator.body()).isEqualTo(200);
        assertThat(JSON.readTree(asOperator.body()).path("items").isArray()).isTrue();
        assertThat(unknown.statusCode()).isEqualTo(404);
        for (String id : new String[] {"abc", "-1", "0", "+7", "99999999999999999999", "1.5"}) {
            HttpResponse<String> malformed = ApiContract.conforms(devhost.send(devhost.request(
                    "/api/v1/admin/dead-letters/" + id + "/replay").header("Authorization", "Bearer "
                    + Tokens.operator("ops-" + UUID.randomUUID())).POST(HttpRequest.BodyPublishers.noBody())));
            assertThat(malformed.statusCode()).as(id).isEqualTo(404);
            assertThat(malformed.headers().firstValue("Content-Type")).as("the function's answer, not the host's bare 404")
                    .hasValue("application/problem+json");
        }
        HttpResponse<String> malformedAsUser = ApiContract.conforms(devhost.send(
                auth(devhost.request("/api/v1/admin/dead-letters/abc/replay")).POST(HttpRequest.BodyPublishers.noBody())));
        assertThat(malformedAsUser.statusCode()).as("the role is checked before the id").isEqualTo(403);
    }

    private String readyFile(String name) throws Exception {
        byte[] content = (name + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        JsonNode session = createSession(name, content.length, "text/plain");
        put(session, content);
        String id = session.path("fileId").asText();
        assertThat(awaitStatusOtherThanPending(id).path("status").asText()).isEqualTo("ready");
        return id;
    }

    private static String tierEvent(String id, String subject, String tier, String sequencer) {
        return "[{\"topic\": \"/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/devstoreaccount1\","
                + " \"subject\": \"" + subject + "\", \"eventType\": \"Microsoft.Storage.BlobTierChanged\","
                + " \"eventTime\": \"2026-11-21T10:00:00Z\", \"id\": \"" + id + "\", \"data\": {\"api\": \"SetBlobTier\","
                + " \"accessTier\": \"" + tier + "\", \"sequencer\": \"" + sequencer + "\"},"
                + " \"dataVersion\": \"\", \"metadataVersion\": \"1\"}]";
    }

    /** Waits until StorageLifecycle has handled the BlobCreated event of {@code name} in the files container. */
    private void awaitCreationSeen(String name) throws Exception {
        String subject = "/blobServices/default/containers/files/blobs/" + name;
        await(() -> count("select count(*) from processed_events where subject = '" + subject
                + "' and event_type = 'Microsoft.Storage.BlobCreated' and status = 'completed'") > 0,
                "the watcher to report the creation of " + subject);
    }

    private String blobNameOf(String id) throws Exception {
        String path = column(id, "blob_path");
        return path.substring("uploaded-files/".length());
    }

    private String column(String id, String column) throws Exception {
        try (java.sql.Connection connection = database();
             java.sql.PreparedStatement select = connection.prepareStatement(
                     "select " + column + "::text from files where id = ?::uuid")) {
            select.setString(1, id);
            try (java.sql.ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    private long count(String sql) throws Exception {
        try (java.sql.Connection connection = database();
             java.sql.ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private java.sql.Connection database() throws Exception {
        // the test reads across owners: the maintenance role, never a superuser
        return java.sql.DriverManager.getConnection(settings.get("DB_URL"), settings.get("DB_MAINTENANCE_USER"),
                settings.get("DB_MAINTENANCE_PASSWORD"));
    }

    private void await(java.util.concurrent.Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + PROCESSING_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return;
            }
            Devhost.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what + "; devhost output:\n" + devhost.output());
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
