package com.aisaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.devhost.services.LocalServices;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Full-text search end to end: the packaged app under devhost. A PDF put through the upload SAS is processed by the
 * blob trigger (its text extracted from the same stream as its hash) and is then found by a word of its third page
 * through {@code GET /api/v1/search}, with the passage highlighted; every response is checked against
 * docs/openapi.yaml.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient PLAIN_HTTP = HttpClient.newHttpClient();
    private static final Duration PROCESSING_TIMEOUT = Duration.ofSeconds(120);

    private Devhost devhost;
    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();

    @BeforeAll
    void start() {
        LocalServices services = LocalServices.shared();
        Map<String, String> settings = Devhost.settings(services, services.postgres().createDatabase("search_e2e"));
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
    void aPdfsThirdPage_isFoundByOneOfItsWords_withThePassageHighlighted_andOnlyByItsOwner() throws Exception {
        byte[] pdf = pdf(List.of("Staff handbook, first page", "Holidays and leave on the second page",
                "The fire assembly point is the bronze quokka statue in the courtyard"));
        String id = uploadAndAwaitReady("handbook.pdf", "application/pdf", pdf);

        // the text's vector is computed right after the verdict: found moments after ready
        JsonNode page = awaitHits(alice, "quokka");

        assertThat(page.path("items")).hasSize(1);
        JsonNode hit = page.path("items").get(0);
        assertThat(hit.path("file").path("id").asText()).isEqualTo(id);
        assertThat(hit.path("snippet").asText()).contains("<mark>quokka</mark>").contains("assembly point");
        assertThat(hit.path("file").path("metadata").path("extraction").path("status").asText())
                .isEqualTo("indexed");
        assertThat(page.path("nextCursor").isNull()).isTrue();

        assertThat(search(alice, "\"bronze quokka\" -penguin", 200).path("items")).hasSize(1);
        assertThat(search(alice, "quokka -bronze", 200).path("items")).isEmpty();
        assertThat(search(bob, "quokka", 200).path("items")).isEmpty();
    }

    @Test
    void aQueryWithNothingToFind_isAProblem() throws Exception {
        HttpResponse<String> response = ApiContract.conforms(devhost.send(auth(alice,
                devhost.request("/api/v1/search?q=" + URLEncoder.encode("-only -excluded", StandardCharsets.UTF_8)))
                .GET()));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"q\"");
    }

    @Test
    void theBackfill_reportsWhatIsLeft_andOnlyOperatorsMayRunIt() throws Exception {
        HttpResponse<String> refused = ApiContract.conforms(devhost.send(auth(alice,
                devhost.request("/api/v1/admin/search-backfill?seconds=5"))
                .POST(HttpRequest.BodyPublishers.noBody())));
        assertThat(refused.statusCode()).isEqualTo(403);

        HttpResponse<String> run = ApiContract.conforms(devhost.send(devhost.request(
                "/api/v1/admin/search-backfill?seconds=5").header("Authorization", "Bearer " + Tokens.operator("ops"))
                .POST(HttpRequest.BodyPublishers.noBody())));

        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        JsonNode report = JSON.readTree(run.body());
        assertThat(report.path("complete").asBoolean()).isTrue(); // processing indexed every file it made ready
        assertThat(report.path("remaining").asLong()).isZero();
    }

    private JsonNode awaitHits(String owner, String q) throws Exception {
        long deadline = System.nanoTime() + PROCESSING_TIMEOUT.toNanos();
        JsonNode page = search(owner, q, 200);
        while (page.path("items").isEmpty() && System.nanoTime() < deadline) {
            Devhost.sleep(100);
            page = search(owner, q, 200);
        }
        return page;
    }

    private JsonNode search(String owner, String q, int status) throws Exception {
        HttpResponse<String> response = ApiContract.conforms(devhost.send(auth(owner,
                devhost.request("/api/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))).GET()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private String uploadAndAwaitReady(String name, String type, byte[] content) throws Exception {
        HttpResponse<String> created = ApiContract.conforms(devhost.send(auth(alice,
                devhost.request("/api/v1/files/uploads")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("name", name, "size", content.length, "contentType", type))))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode session = JSON.readTree(created.body());
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(session.path("uploadUrl").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
        session.path("headers").fields().forEachRemaining(h -> put.header(h.getKey(), h.getValue().asText()));
        assertThat(PLAIN_HTTP.send(put.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(201);

        String id = session.path("fileId").asText();
        long deadline = System.nanoTime() + PROCESSING_TIMEOUT.toNanos();
        JsonNode file = null;
        while (System.nanoTime() < deadline) {
            file = JSON.readTree(ApiContract.conforms(devhost.send(auth(alice,
                    devhost.request("/api/v1/files/" + id)).GET())).body());
            String status = file.path("status").asText();
            if (!status.equals("pending") && !status.equals("processing")) {
                assertThat(status).as(file.toString()).isEqualTo("ready");
                return id;
            }
            Devhost.sleep(200);
        }
        throw new AssertionError("file " + id + " still " + file + "; devhost output:\n" + devhost.output());
    }

    private static HttpRequest.Builder auth(String owner, HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + Tokens.user(owner));
    }

    private static byte[] pdf(List<String> pages) throws Exception {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (String text : pages) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream stream = new PDPageContentStream(document, page)) {
                    stream.beginText();
                    stream.setFont(font, 12);
                    stream.newLineAtOffset(72, 720);
                    stream.showText(text);
                    stream.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        }
    }
}
