package com.aisaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.devhost.services.LocalServices;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.azure.core.util.BinaryData;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The files API of the packaged app under devhost, with real PostgreSQL, Redis and Azurite, real bearer tokens
 * and real uploads through the SAS URLs it hands out. Every API response is checked against docs/openapi.yaml.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilesEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient PLAIN_HTTP = HttpClient.newHttpClient();

    private LocalServices services;
    private String databaseUrl;
    private Devhost devhost;
    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();

    @BeforeAll
    void start() {
        services = LocalServices.shared();
        databaseUrl = services.postgres().createDatabase("files_e2e");
        devhost = Devhost.start(settings(Map.of("RATE_LIMIT_PER_MINUTE", "10000")));
    }

    @AfterAll
    void stop() {
        if (devhost != null) {
            devhost.close();
        }
    }

    private Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> settings = Devhost.settings(services, databaseUrl);
        // the files API alone: no storage events, so uploads stay pending until a test says otherwise
        // (processing end to end is ProcessingEndToEndIT)
        settings.put("DEVHOST_EVENT_SOURCE", "off");
        settings.putAll(extra);
        return settings;
    }

    // ---- authentication -------------------------------------------------------------------------------------

    @Test
    void withoutAValidToken_every_files_endpoint_answers401WithAChallenge() {
        for (String token : new String[] {null, "not-a-jwt", Tokens.expired(alice)}) {
            HttpRequest.Builder request = devhost.request("/api/v1/files").GET();
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = call(request);

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("www-authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).startsWith("Bearer"));
            assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        }
    }

    @Test
    void theFilesApi_refusesOperatorsAndTheFormerAdminRole_andServesTenantAdmins() {
        for (String token : new String[] {Tokens.operator("ops-" + UUID.randomUUID()),
                Tokens.formerAdmin("root-" + UUID.randomUUID())}) {
            HttpResponse<String> response = call(devhost.request("/api/v1/files")
                    .header("Authorization", "Bearer " + token).GET());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        }
        HttpResponse<String> tenantAdmin = call(devhost.request("/api/v1/files")
                .header("Authorization", "Bearer " + Tokens.tenantAdmin("boss-" + UUID.randomUUID())).GET());
        assertThat(tenantAdmin.statusCode()).as(tenantAdmin.body()).isEqualTo(200);
    }

    // ---- upload sessions --------------------------------------------------------------------------------------

    @Test
    void uploadSession_givesASasThatWritesExactlyItsBlob_withPlainHttpPut() throws Exception {
        byte[] content = "hello, plain PUT".getBytes(StandardCharsets.UTF_8);
        JsonNode session = createSession(alice, "notes.txt", content.length, "text/plain", null);
        String uploadUrl = session.path("uploadUrl").asText();

        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(uploadUrl))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
        session.path("headers").fields().forEachRemaining(h -> put.header(h.getKey(), h.getValue().asText()));
        HttpResponse<String> uploaded = PLAIN_HTTP.send(put.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);

        // read is not granted
        HttpResponse<String> read = PLAIN_HTTP.send(HttpRequest.newBuilder(URI.create(uploadUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(403);
        // another path with the same signature is refused
        String otherPath = uploadUrl.replaceFirst("/notes\\.txt\\?", "/other.txt?");
        assertThat(otherPath).isNotEqualTo(uploadUrl);
        HttpRequest.Builder elsewhere = HttpRequest.newBuilder(URI.create(otherPath))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
        session.path("headers").fields().forEachRemaining(h -> elsewhere.header(h.getKey(), h.getValue().asText()));
        assertThat(PLAIN_HTTP.send(elsewhere.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);

        JsonNode file = JSON.readTree(get(alice, "/api/v1/files/" + session.path("fileId").asText()).body());
        assertThat(file.path("status").asText()).isEqualTo("pending");
        assertThat(file.path("name").asText()).isEqualTo("notes.txt");
    }

    @Test
    void uploadSession_worksWithTheBlobSdk_andTheSasCannotDelete() throws Exception {
        byte[] content = new byte[300_000];
        new java.util.Random(7).nextBytes(content);
        JsonNode session = createSession(alice, "photo.png", content.length, "image/png", null);
        BlobClient blob = new BlobClientBuilder().endpoint(session.path("uploadUrl").asText())
                .httpClient(new JdkHttpClientBuilder().build()).buildClient();

        blob.upload(BinaryData.fromBytes(content), true);

        assertThat(catchStatus(() -> blob.delete())).isEqualTo(403);
        assertThat(catchStatus(() -> blob.downloadContent())).isEqualTo(403);
    }

    @Test
    void uploadSession_refusesBadInput_withClearProblems_andCreatesNothing() throws Exception {
        int before = listAll(alice).size();

        assertThat(postSession(alice, "{\"name\":\"a.exe\",\"size\":10,\"contentType\":\"application/x-msdownload\"}", null)
                .statusCode()).isEqualTo(415);
        assertThat(postSession(alice, "{\"name\":\"big.pdf\",\"size\":999999999999999,\"contentType\":\"application/pdf\"}", null)
                .statusCode()).isEqualTo(413);
        assertThat(postSession(alice, "{\"name\":\"../etc/passwd\",\"size\":10,\"contentType\":\"text/plain\"}", null)
                .statusCode()).isEqualTo(400);
        assertThat(postSession(alice, "{\"name\":\"x.txt\",\"size\":\"ten\",\"contentType\":\"text/plain\"}", null)
                .statusCode()).isEqualTo(400);
        assertThat(postSession(alice, "{\"name\":\"x.txt\",\"size\":10,\"contentType\":\"text/plain\",\"admin\":true}", null)
                .statusCode()).isEqualTo(400);
        assertThat(postSession(alice, "{\"name\":", null).statusCode()).isEqualTo(400);

        assertThat(listAll(alice)).hasSize(before);
    }

    @Test
    void idempotencyKey_replaysTheFirstResponse_andRefusesAnotherBodyWith422() throws Exception {
        String key = "e2e-" + UUID.randomUUID();
        String body = "{\"name\":\"report.pdf\",\"size\":1234,\"contentType\":\"application/pdf\"}";

        HttpResponse<String> first = postSession(alice, body, key);
        HttpResponse<String> again = postSession(alice, body, key);
        HttpResponse<String> other = postSession(alice, body.replace("1234", "4321"), key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(again.body()).path("fileId").asText())
                .isEqualTo(JSON.readTree(first.body()).path("fileId").asText());
        assertThat(again.headers().firstValue("idempotent-replayed")).hasValue("true");
        assertThat(other.statusCode()).isEqualTo(422);
    }

    // ---- direct upload, listing, reading -----------------------------------------------------------------------

    @Test
    void directUpload_isStoredAndListed_andOverTheLimitIs413() throws Exception {
        byte[] content = "direct upload body".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> created = call(auth(alice, devhost.request("/api/v1/files"))
                .header("Content-Type", "application/octet-stream")
                .header("X-File-Name", URLEncoder.encode("résumé.txt", StandardCharsets.UTF_8))
                .header("X-File-Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode file = JSON.readTree(created.body());
        assertThat(file.path("name").asText()).isEqualTo("résumé.txt");
        assertThat(file.path("size").asLong()).isEqualTo(content.length);
        assertThat(created.headers().firstValue("location")).hasValue("/api/v1/files/" + file.path("id").asText());

        HttpResponse<String> tooBig = call(auth(alice, devhost.request("/api/v1/files"))
                .header("Content-Type", "application/octet-stream")
                .header("X-File-Name", "big.txt")
                .header("X-File-Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5 * 1024 * 1024])));
        assertThat(tooBig.statusCode()).isEqualTo(413);
    }

    @Test
    void directUpload_ofATextBody_isRefusedByTheHostWithAnEmpty500_andStoresNothing() throws Exception {
        int before = listAll(alice).size();
        byte[] text = "plain words, not a file form".getBytes(StandardCharsets.UTF_8);
        for (String type : new String[] {"text/plain", "text/csv; charset=utf-8", "application/json", "image/png", null}) {
            HttpRequest.Builder request = auth(alice, devhost.request("/api/v1/files"))
                    .header("X-File-Name", "notes.txt").header("X-File-Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(text));
            if (type != null) {
                request.header("Content-Type", type);
            }
            HttpResponse<String> refused = devhost.send(request);
            assertThat(refused.statusCode()).as(type).isEqualTo(500);
            assertThat(refused.body()).as("the host's answer: the worker cannot bind text to byte[]").isEmpty();
            assertThat(refused.headers().firstValue("Content-Type")).as(type).isEmpty();
        }

        // The one text the worker converts to bytes (a JSON array of numbers) reaches the function: 415.
        HttpResponse<String> converted = call(auth(alice, devhost.request("/api/v1/files"))
                .header("Content-Type", "text/plain").header("X-File-Name", "notes.txt")
                .header("X-File-Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("[104,105]")));
        assertThat(converted.statusCode()).as(converted.body()).isEqualTo(415);
        assertThat(converted.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        assertThat(listAll(alice)).hasSize(before);
    }

    @Test
    void list_pagesWithACursor_inAStableOrder_withoutDuplicates() throws Exception {
        String carol = "carol-" + UUID.randomUUID();
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            created.add(createSession(carol, "doc-" + i + ".pdf", 100 + i, "application/pdf", null).path("fileId").asText());
        }

        List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = JSON.readTree(get(carol, "/api/v1/files?limit=3"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))).body());
            page.path("items").forEach(item -> seen.add(item.path("id").asText()));
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(7).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
        assertThat(get(carol, "/api/v1/files?limit=101").statusCode()).isEqualTo(400);
        assertThat(get(carol, "/api/v1/files?cursor=garbage").statusCode()).isEqualTo(400);
        JsonNode filtered = JSON.readTree(get(carol, "/api/v1/files?status=ready").body());
        assertThat(filtered.path("items")).isEmpty();
    }

    @Test
    void get_hasAnETag_andIfNoneMatchAnswers304() throws Exception {
        String id = createSession(alice, "etag.pdf", 10, "application/pdf", null).path("fileId").asText();

        HttpResponse<String> first = get(alice, "/api/v1/files/" + id);
        String etag = first.headers().firstValue("etag").orElseThrow();
        HttpResponse<String> notModified = call(auth(alice, devhost.request("/api/v1/files/" + id))
                .header("If-None-Match", etag).GET());

        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
    }

    @Test
    void patch_renamesWithIfMatch_412OnAStaleETag_andTheAuthorSeesTheChangeAtOnce() throws Exception {
        String id = createSession(alice, "old-name.pdf", 10, "application/pdf", null).path("fileId").asText();
        String etag = get(alice, "/api/v1/files/" + id).headers().firstValue("etag").orElseThrow();

        HttpResponse<String> renamed = patch(alice, id, "{\"name\":\"new-name.pdf\",\"tags\":{\"project\":\"x\"}}", etag);
        HttpResponse<String> stale = patch(alice, id, "{\"name\":\"other.pdf\"}", etag);

        assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.headers().firstValue("etag")).isPresent().isNotEqualTo(java.util.Optional.of(etag));
        assertThat(stale.statusCode()).isEqualTo(412);
        JsonNode now = JSON.readTree(get(alice, "/api/v1/files/" + id).body());
        assertThat(now.path("name").asText()).isEqualTo("new-name.pdf");
        assertThat(now.path("tags").path("project").asText()).isEqualTo("x");
        assertThat(patch(alice, id, "{\"name\":\"\"}", null).statusCode()).isEqualTo(400);
        assertThat(patch(alice, id, "{\"size\":5}", null).statusCode()).isEqualTo(400);
    }

    @Test
    void content_ofAPendingFile_isRefused_andOfAReadyFile_redirectsOrStreamsRanges() throws Exception {
        byte[] content = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> created = call(auth(alice, devhost.request("/api/v1/files"))
                .header("Content-Type", "application/octet-stream")
                .header("X-File-Name", "digits.txt")
                .header("X-File-Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)));
        String id = JSON.readTree(created.body()).path("id").asText();
        assertThat(get(alice, "/api/v1/files/" + id + "/content").statusCode()).isEqualTo(409);

        markReady(id); // what the upload pipeline does once it has checked the blob

        HttpResponse<String> redirect = get(alice, "/api/v1/files/" + id + "/content");
        assertThat(redirect.statusCode()).isEqualTo(302);
        String sas = redirect.headers().firstValue("location").orElseThrow();
        HttpResponse<String> downloaded = PLAIN_HTTP.send(HttpRequest.newBuilder(URI.create(sas)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(downloaded.statusCode()).isEqualTo(200);
        assertThat(downloaded.body()).isEqualTo("0123456789abcdef");

        HttpResponse<String> range = call(auth(alice, devhost.request("/api/v1/files/" + id + "/content?inline=true"))
                .header("Range", "bytes=10-13").GET());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo("abcd");
        assertThat(range.headers().firstValue("content-range")).hasValue("bytes 10-13/16");
    }

    @Test
    void delete_isSoft_andRestoreBringsTheFileBack() throws Exception {
        String id = createSession(alice, "to-delete.pdf", 10, "application/pdf", null).path("fileId").asText();

        HttpResponse<String> deleted = call(auth(alice, devhost.request("/api/v1/files/" + id)).DELETE());
        assertThat(deleted.statusCode()).isEqualTo(204);
        JsonNode gone = JSON.readTree(get(alice, "/api/v1/files/" + id).body());
        assertThat(gone.path("status").asText()).isEqualTo("deleted");
        assertThat(gone.path("restorableUntil").isTextual()).isTrue();
        assertThat(listAll(alice)).doesNotContain(id);

        HttpResponse<String> restored = call(auth(alice, devhost.request("/api/v1/files/" + id + "/restore"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
        assertThat(JSON.readTree(restored.body()).path("status").asText()).isEqualTo("pending");
    }

    @Test
    void anotherUsersFile_is404_inEveryEndpoint() throws Exception {
        String id = createSession(alice, "private.pdf", 10, "application/pdf", null).path("fileId").asText();
        String path = "/api/v1/files/" + id;

        assertThat(get(bob, path).statusCode()).isEqualTo(404);
        assertThat(get(bob, path + "/content").statusCode()).isEqualTo(404);
        assertThat(patch(bob, id, "{\"name\":\"mine.pdf\"}", null).statusCode()).isEqualTo(404);
        assertThat(call(auth(bob, devhost.request(path)).DELETE()).statusCode()).isEqualTo(404);
        assertThat(call(auth(bob, devhost.request(path + "/restore")).POST(HttpRequest.BodyPublishers.noBody()))
                .statusCode()).isEqualTo(404);
        assertThat(listAll(bob)).doesNotContain(id);
        assertThat(get(alice, path).statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(get(alice, path).body()).path("name").asText()).isEqualTo("private.pdf");
    }

    @Test
    void malformedIds_andUnknownRoutes_are404_wrongMethodsAre405() {
        assertThat(get(alice, "/api/v1/files/not-a-uuid").statusCode()).isEqualTo(404);
        assertThat(get(alice, "/api/v1/files/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        HttpResponse<String> unknown = devhost.send(auth(alice, devhost.request("/api/v1/nothing-here")).GET());
        assertThat(unknown.statusCode()).isEqualTo(404);
        HttpResponse<String> wrongMethod = devhost.send(auth(alice, devhost.request("/api/v1/files")).DELETE());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("allow")).hasValueSatisfying(
                allow -> assertThat(allow).contains("GET").contains("POST"));
    }

    @Test
    void rateLimit_answers429WithRetryAfter_perCaller() throws Exception {
        try (Devhost limited = Devhost.start(settings(Map.of("RATE_LIMIT_PER_MINUTE", "5")))) {
            String dave = "dave-" + UUID.randomUUID();
            int lastStatus = 0;
            HttpResponse<String> response = null;
            for (int i = 0; i < 6; i++) {
                response = ApiContract.conforms(limited.send(auth(dave, limited.request("/api/v1/files")).GET()));
                lastStatus = response.statusCode();
                if (i < 5) {
                    assertThat(lastStatus).isEqualTo(200);
                    assertThat(response.headers().firstValue("ratelimit-remaining")).hasValue(Integer.toString(4 - i));
                }
            }
            assertThat(lastStatus).isEqualTo(429);
            assertThat(response.headers().firstValue("retry-after")).isPresent();
            // another caller still has its own budget
            String erin = "erin-" + UUID.randomUUID();
            assertThat(limited.send(auth(erin, limited.request("/api/v1/files")).GET()).statusCode()).isEqualTo(200);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private HttpRequest.Builder auth(String subject, HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + Tokens.user(subject));
    }

    /** Sends through the devhost and checks the response against the OpenAPI document. */
    private HttpResponse<String> call(HttpRequest.Builder request) {
        return ApiContract.conforms(devhost.send(request));
    }

    private HttpResponse<String> get(String subject, String path) {
        return call(auth(subject, devhost.request(path)).GET());
    }

    private HttpResponse<String> patch(String subject, String id, String body, String ifMatch) {
        HttpRequest.Builder request = auth(subject, devhost.request("/api/v1/files/" + id))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return call(request);
    }

    private HttpResponse<String> postSession(String subject, String body, String idempotencyKey) {
        HttpRequest.Builder request = auth(subject, devhost.request("/api/v1/files/uploads"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return call(request);
    }

    private JsonNode createSession(String subject, String name, long size, String type, String key) throws Exception {
        HttpResponse<String> response = postSession(subject, JSON.writeValueAsString(
                Map.of("name", name, "size", size, "contentType", type)), key);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private List<String> listAll(String subject) throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        JsonNode page = JSON.readTree(get(subject, "/api/v1/files?limit=100").body());
        page.path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    private void markReady(String id) throws Exception {
        try (Connection connection = DriverManager.getConnection(databaseUrl,
                com.aisaas.devhost.services.LocalPostgres.MAINTENANCE_ROLE, services.postgres().password());
             PreparedStatement update = connection.prepareStatement(
                     "update files set status = 'ready', processed_at = now(), version = version + 1 where id = ?::uuid")) {
            update.setString(1, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static int catchStatus(Runnable call) {
        try {
            call.run();
            return 200;
        } catch (BlobStorageException e) {
            return e.getStatusCode();
        }
    }
}
