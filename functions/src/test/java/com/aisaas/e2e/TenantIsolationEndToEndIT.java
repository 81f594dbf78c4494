package com.aisaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.devhost.services.LocalServices;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two tenants whose issuers handed out the same subject: through the packaged app under devhost, with processing,
 * neither sees, changes, downloads, restores or learns anything of the other's files — listing, cursors, every
 * by-id route, and duplicate detection — while each still works on its own. The database holds the same line
 * without the app's predicates ({@code RowLevelSecurityIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient PLAIN_HTTP = HttpClient.newHttpClient();
    private static final Duration PROCESSING_TIMEOUT = Duration.ofSeconds(120);

    private Devhost devhost;
    private final String sub = "same-sub-" + UUID.randomUUID();
    private final String userA = Tokens.sign(sub, "tenant-a", List.of("user"), Instant.now().plus(Duration.ofHours(1)));
    private final String userB = Tokens.sign(sub, "tenant-b", List.of("user"), Instant.now().plus(Duration.ofHours(1)));
    private final String adminB = Tokens.sign("boss-" + UUID.randomUUID(), "tenant-b", List.of("tenant-admin"),
            Instant.now().plus(Duration.ofHours(1)));

    @BeforeAll
    void start() {
        LocalServices services = LocalServices.shared();
        Map<String, String> settings = Devhost.settings(services, services.postgres().createDatabase("tenants_e2e"));
        settings.put("RATE_LIMIT_PER_MINUTE", "10000");
        settings.put("DEVHOST_EVENT_POLL_MS", "200");
        devhost = Devhost.start(settings);
    }

    @AfterAll
    void stop() {
        if (devhost != null) {
            devhost.close();
        }
    }

    @Test
    void theSameSubjectInAnotherTenant_reachesNoneOfTheFiles_onAnyRoute() throws Exception {
        byte[] content = ("tenant A's report " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String a1 = upload(userA, "report.txt", content);
        upload(userA, "second.txt", ("another " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        JsonNode fileA = await(userA, a1);
        assertThat(fileA.path("status").asText()).isEqualTo("ready");
        String cursorA = JSON.readTree(call(userA, "/api/v1/files?limit=1").body()).path("nextCursor").asText();

        assertThat(ids(call(userB, "/api/v1/files?limit=100"))).doesNotContain(a1);
        for (String path : List.of("/api/v1/files/" + a1, "/api/v1/files/" + a1 + "/content",
                "/api/v1/files/" + a1 + "/content?inline=true")) {
            assertThat(call(userB, path).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(send(userB, devhost.request("/api/v1/files/" + a1).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\":\"pwned.txt\"}"))).statusCode())
                .isEqualTo(404);
        assertThat(send(userB, devhost.request("/api/v1/files/" + a1).DELETE()).statusCode()).isEqualTo(404);
        assertThat(send(userB, devhost.request("/api/v1/files/" + a1 + "/restore")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(404);
        assertThat(call(userB, "/api/v1/files?limit=1&cursor=" + cursorA).statusCode()).isEqualTo(400);
        assertThat(call(adminB, "/api/v1/files/" + a1).statusCode()).as("a tenant-admin of B").isEqualTo(404);

        // the same content in tenant B is B's first copy, not a duplicate of A's file
        String b1 = upload(userB, "copy.txt", content);
        JsonNode fileB = await(userB, b1);
        assertThat(fileB.path("status").asText()).as(fileB.toString()).isEqualTo("ready");
        assertThat(fileB.path("metadata").has("duplicateOf")).isFalse();
        // while within A's own scope the same content is still a duplicate
        JsonNode againA = await(userA, upload(userA, "again.txt", content));
        assertThat(againA.path("status").asText()).isEqualTo("rejected");
        assertThat(againA.path("metadata").path("duplicateOf").asText()).isEqualTo(a1);

        JsonNode afterwards = JSON.readTree(call(userA, "/api/v1/files/" + a1).body());
        assertThat(afterwards.path("name").asText()).isEqualTo("report.txt");
        assertThat(afterwards.path("status").asText()).isEqualTo("ready");
        assertThat(ids(call(userA, "/api/v1/files?limit=100"))).doesNotContain(b1);
    }

    private String upload(String token, String name, byte[] content) throws Exception {
        HttpResponse<String> created = send(token, devhost.request("/api/v1/files/uploads")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("name", name, "size", content.length, "contentType", "text/plain")))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode session = JSON.readTree(created.body());
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(session.path("uploadUrl").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
        session.path("headers").fields().forEachRemaining(h -> put.header(h.getKey(), h.getValue().asText()));
        HttpResponse<String> uploaded = PLAIN_HTTP.send(put.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        return session.path("fileId").asText();
    }

    private JsonNode await(String token, String id) throws Exception {
        long deadline = System.nanoTime() + PROCESSING_TIMEOUT.toNanos();
        JsonNode file = null;
        while (System.nanoTime() < deadline) {
            file = JSON.readTree(call(token, "/api/v1/files/" + id).body());
            String status = file.path("status").asText();
            if (!status.equals("pending") && !status.equals("processing")) {
                return file;
            }
            Devhost.sleep(200);
        }
        throw new AssertionError("file " + id + " still " + file + "\n" + devhost.output());
    }

    private static List<String> ids(HttpResponse<String> page) throws Exception {
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        List<String> ids = new java.util.ArrayList<>();
        JSON.readTree(page.body()).path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    private HttpResponse<String> call(String token, String path) {
        return send(token, devhost.request(path).GET());
    }

    private HttpResponse<String> send(String token, HttpRequest.Builder request) {
        return ApiContract.conforms(devhost.send(request.header("Authorization", "Bearer " + token)));
    }
}
