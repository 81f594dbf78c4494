package com.aisaas.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.aisaas.auth.Caller;
import com.aisaas.auth.Role;
import com.aisaas.common.ConflictException;
import com.aisaas.common.DependencyException;
import com.aisaas.config.HealthSettings;
import com.aisaas.health.HealthCheck;
import com.aisaas.health.HealthService;
import com.aisaas.common.PreconditionFailedException;
import com.aisaas.config.FilesSettings;
import com.aisaas.files.ByteRange;
import com.aisaas.files.Download;
import com.aisaas.files.FilePage;
import com.aisaas.files.FileService;
import com.aisaas.files.FileView;
import com.aisaas.files.RangeNotSatisfiableException;
import com.aisaas.files.UploadPolicy;
import com.aisaas.files.UploadSession;
import com.aisaas.ratelimit.RateLimitDecision;
import com.aisaas.telemetry.MetricsSummary;
import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.microsoft.azure.functions.HttpMethod;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The responses the functions produce, validated against docs/openapi.yaml (swagger-request-validator), so the
 * spec and the code cannot drift apart unnoticed. End-to-end tests do the same over real HTTP.
 */
class OpenApiContractTest {

    private static final String ID = "0b6f3f3c-1f1e-4c55-9d2c-8f7f7c1d2e3a";
    private static final FileView READY = new FileView(ID, "Résumé.pdf", "application/pdf", 10L, "ready",
            Map.of("team", "finance"), "a".repeat(64), null, Instant.parse("2025-05-01T12:00:00.123456Z"),
            Instant.parse("2025-05-01T12:00:01Z"), Instant.parse("2025-05-01T12:00:02Z"), null, null, "\"3\"");
    private static final FileView DELETED = new FileView(ID, "a.pdf", "application/pdf", 10L, "deleted", Map.of(),
            null, null, Instant.parse("2025-05-01T12:00:00Z"), Instant.parse("2025-05-01T12:00:00Z"), null,
            Instant.parse("2025-05-02T12:00:00Z"), Instant.parse("2025-05-09T12:00:00Z"), "\"4\"");

    private static OpenApiInteractionValidator validator;

    private final FileService service = mock(FileService.class);
    private final ApiFakes.Limiter limiter = new ApiFakes.Limiter();
    private final Http.Pipeline pipeline = ApiFakes.pipeline(limiter, new ApiFakes.Keys());

    @BeforeAll
    static void loadSpec() {
        Path spec = Path.of("../docs/openapi.yaml").toAbsolutePath().normalize();
        assertThat(spec).exists();
        validator = OpenApiInteractionValidator.createForSpecificationUrl(spec.toUri().toString()).build();
    }

    private static void assertValid(String path, Request.Method method, FakeHttp.Response response) {
        SimpleResponse.Builder builder = new SimpleResponse.Builder(response.status());
        response.headers().forEach((name, value) -> builder.withHeader(name, value));
        if (response.header("Content-Type") != null) {
            builder.withContentType(response.header("Content-Type"));
        }
        if (response.body() instanceof byte[] bytes) {
            builder.withBody(bytes);
        } else if (response.body() != null) {
            builder.withBody((String) response.body());
        }
        ValidationReport report = validator.validateResponse(path, method, builder.build());
        assertThat(report.getMessages()).as(method + " " + path + " " + response.status() + " " + response.body())
                .isEmpty();
    }

    private static FakeHttp.RequestBuilder<String> request(HttpMethod method, String path) {
        return FakeHttp.<String>request(method, path).header("Authorization", ApiFakes.ALICE);
    }

    @Test
    void specification_parsesAndAGoodRequestValidates() {
        ValidationReport report = validator.validateRequest(SimpleRequest.Builder.post("/api/v1/files/uploads")
                .withHeader("Authorization", ApiFakes.ALICE)
                .withContentType("application/json")
                .withBody("{\"name\":\"a.pdf\",\"size\":10,\"contentType\":\"application/pdf\"}").build());
        ValidationReport unknownField = validator.validateRequest(SimpleRequest.Builder.post("/api/v1/files/uploads")
                .withHeader("Authorization", ApiFakes.ALICE).withContentType("application/json")
                .withBody("{\"name\":\"a.pdf\",\"size\":10,\"contentType\":\"application/pdf\",\"x\":1}").build());

        ValidationReport badResponse = validator.validateResponse("/api/v1/files/" + ID, Request.Method.GET,
                new SimpleResponse.Builder(200).withContentType("application/json").withHeader("ETag", "\"1\"")
                        .withBody("{\"id\":\"" + ID + "\",\"name\":\"a\",\"status\":\"lost\"}").build());

        assertThat(report.getMessages()).isEmpty();
        assertThat(unknownField.hasErrors()).as("the spec must be able to fail").isTrue();
        assertThat(badResponse.hasErrors()).as("the spec must be able to fail").isTrue();
    }

    @Test
    void getFile_200_304_404() {
        when(service.get(any(), any())).thenReturn(READY);
        GetFileHttpFunction function = new GetFileHttpFunction(() -> service, pipeline);
        String path = "/api/v1/files/" + ID;

        assertValid(path, Request.Method.GET, FakeHttp.read(function.run(request(HttpMethod.GET, path).build(), ID,
                FakeHttp.context("i"))));
        assertValid(path, Request.Method.GET, FakeHttp.read(function.run(request(HttpMethod.GET, path)
                .header("If-None-Match", "\"3\"").build(), ID, FakeHttp.context("i"))));
        assertValid("/api/v1/files/nope", Request.Method.GET, FakeHttp.read(function.run(
                request(HttpMethod.GET, "/api/v1/files/nope").build(), "nope", FakeHttp.context("i"))));
    }

    @Test
    void getFile_deletedFileAndRateLimitAndAuthProblems() {
        when(service.get(any(), any())).thenReturn(DELETED);
        GetFileHttpFunction function = new GetFileHttpFunction(() -> service, pipeline);
        String path = "/api/v1/files/" + ID;

        assertValid(path, Request.Method.GET, FakeHttp.read(function.run(request(HttpMethod.GET, path).build(), ID,
                FakeHttp.context("i"))));
        assertValid(path, Request.Method.GET, FakeHttp.read(function.run(
                FakeHttp.<String>request(HttpMethod.GET, path).build(), ID, FakeHttp.context("i"))));
        limiter.next = new RateLimitDecision(false, 100, 0, 30, 30, false);
        FakeHttp.Response limited = FakeHttp.read(function.run(request(HttpMethod.GET, path).build(), ID,
                FakeHttp.context("i")));
        assertThat(limited.status()).isEqualTo(429);
        assertValid(path, Request.Method.GET, limited);
    }

    @Test
    void createUploadSession_201_400_415() {
        when(service.createUploadSession(any(), any())).thenReturn(new UploadSession(ID,
                "http://127.0.0.1:10000/devstoreaccount1/uploaded-files/t/o/" + ID + "/a.pdf?sv=1&sp=cw&sig=x", "PUT",
                Map.of("x-ms-blob-type", "BlockBlob", "Content-Type", "application/pdf"),
                Instant.parse("2025-05-01T12:15:00Z"), READY));
        CreateUploadSessionHttpFunction function = new CreateUploadSessionHttpFunction(() -> service, pipeline);
        String path = "/api/v1/files/uploads";

        for (String[] c : new String[][] {
                {"{\"name\":\"a.pdf\",\"size\":10,\"contentType\":\"application/pdf\"}", "application/json"},
                {"{\"name\":\"a.pdf\",\"size\":\"ten\"}", "application/json"},
                {"{}", "text/plain"}}) {
            FakeHttp.Response response = FakeHttp.read(function.run(request(HttpMethod.POST, path)
                    .header("Content-Type", c[1]).body(c[0]).build(), FakeHttp.context("i")));
            assertValid(path, Request.Method.POST, response);
        }
    }

    @Test
    void uploadFile_201() {
        when(service.policy()).thenReturn(UploadPolicy.from(FilesSettings.defaults()));
        when(service.upload(any(), any())).thenReturn(READY);

        FakeHttp.Response response = FakeHttp.read(new UploadFileHttpFunction(() -> service, pipeline).run(
                FakeHttp.<byte[]>request(HttpMethod.POST, "/api/v1/files").header("Authorization", ApiFakes.ALICE)
                        .header("Content-Type", "application/octet-stream").header("X-File-Name", "a.pdf")
                        .header("X-File-Content-Type", "application/pdf").body(new byte[] {1}).build(),
                FakeHttp.context("i")));

        assertThat(response.status()).isEqualTo(201);
        assertValid("/api/v1/files", Request.Method.POST, response);
    }

    @Test
    void listFiles_200_withAndWithoutNextCursor_and400() {
        when(service.list(any(), any())).thenReturn(new FilePage(List.of(READY, DELETED), "AQID"))
                .thenReturn(new FilePage(List.of(), null));
        ListFilesHttpFunction function = new ListFilesHttpFunction(() -> service, pipeline);

        assertValid("/api/v1/files", Request.Method.GET, FakeHttp.read(function.run(
                request(HttpMethod.GET, "/api/v1/files").build(), FakeHttp.context("i"))));
        assertValid("/api/v1/files", Request.Method.GET, FakeHttp.read(function.run(
                request(HttpMethod.GET, "/api/v1/files").build(), FakeHttp.context("i"))));
        assertValid("/api/v1/files", Request.Method.GET, FakeHttp.read(function.run(
                request(HttpMethod.GET, "/api/v1/files?limit=0").build(), FakeHttp.context("i"))));
    }

    @Test
    void downloadFile_302_200_206_409_416() {
        String path = "/api/v1/files/" + ID + "/content";
        DownloadFileHttpFunction function = new DownloadFileHttpFunction(() -> service, pipeline);
        when(service.content(any(), any(), eq(false), any()))
                .thenReturn(new Download.Redirect(URI.create("https://a.blob.core.windows.net/x?sig=1"), Instant.now()));
        when(service.content(any(), any(), eq(true), eq(null)))
                .thenReturn(new Download.Content("hello".getBytes(StandardCharsets.UTF_8), "text/plain", "n.txt", 5,
                        null, "\"3\""));
        when(service.content(any(), any(), eq(true), eq("bytes=0-1")))
                .thenReturn(new Download.Content("he".getBytes(StandardCharsets.UTF_8), "text/plain", "n.txt", 5,
                        new ByteRange(0, 1, 5), "\"3\""));
        when(service.content(any(), any(), eq(true), eq("bytes=9-"))).thenThrow(new RangeNotSatisfiableException(5));

        List<FakeHttp.Response> responses = List.of(
                FakeHttp.read(function.run(request(HttpMethod.GET, path).build(), ID, FakeHttp.context("i"))),
                FakeHttp.read(function.run(request(HttpMethod.GET, path + "?inline=true").build(), ID, FakeHttp.context("i"))),
                FakeHttp.read(function.run(request(HttpMethod.GET, path + "?inline=true").header("Range", "bytes=0-1")
                        .build(), ID, FakeHttp.context("i"))),
                FakeHttp.read(function.run(request(HttpMethod.GET, path + "?inline=true").header("Range", "bytes=9-")
                        .build(), ID, FakeHttp.context("i"))));

        assertThat(responses).extracting(FakeHttp.Response::status).containsExactly(302, 200, 206, 416);
        responses.forEach(r -> assertValid(path, Request.Method.GET, r));

        when(service.content(any(), any(), anyBoolean(), any())).thenThrow(new ConflictException("The file is pending."));
        assertValid(path, Request.Method.GET, FakeHttp.read(function.run(request(HttpMethod.GET, path).build(), ID,
                FakeHttp.context("i"))));
    }

    @Test
    void updateDeleteRestore_200_204_412_409() {
        String path = "/api/v1/files/" + ID;
        when(service.update(any(), any(), any(), any())).thenReturn(READY)
                .thenThrow(new PreconditionFailedException("stale"));
        when(service.restore(any(), any())).thenReturn(READY).thenThrow(new ConflictException("The file is not deleted."));
        UpdateFileHttpFunction update = new UpdateFileHttpFunction(() -> service, pipeline);
        RestoreFileHttpFunction restore = new RestoreFileHttpFunction(() -> service, pipeline);
        DeleteFileHttpFunction delete = new DeleteFileHttpFunction(() -> service, pipeline);

        for (int i = 0; i < 2; i++) {
            assertValid(path, Request.Method.PATCH, FakeHttp.read(update.run(request(HttpMethod.PATCH, path)
                    .header("Content-Type", "application/json").body("{\"name\":\"b.pdf\"}").build(), ID,
                    FakeHttp.context("i"))));
            assertValid(path + "/restore", Request.Method.POST, FakeHttp.read(restore.run(
                    request(HttpMethod.POST, path + "/restore").build(), ID, FakeHttp.context("i"))));
        }
        assertValid(path, Request.Method.DELETE, FakeHttp.read(delete.run(request(HttpMethod.DELETE, path).build(),
                ID, FakeHttp.context("i"))));
        doThrow(new PreconditionFailedException("stale")).when(service).delete(any(), any(), any());
        assertValid(path, Request.Method.DELETE, FakeHttp.read(delete.run(request(HttpMethod.DELETE, path)
                .header("If-Match", "\"1\"").build(), ID, FakeHttp.context("i"))));
    }

    @Test
    void metricsSummary_200_withAndWithoutPercentiles_and403() {
        Instant now = Instant.parse("2025-05-01T12:00:00Z");
        MetricsSummary summary = new MetricsSummary("i-1", now.minusSeconds(60), now, List.of(
                new MetricsSummary.FunctionCalls("ListFiles", 12, 1, 4.5, 3.1, 9.0, 12.2),
                new MetricsSummary.FunctionCalls("ReplayDeadLetter", 1, 1, 2.0, null, null, null)));
        MetricsSummaryHttpFunction function = new MetricsSummaryHttpFunction(() -> summary, pipeline);
        String path = "/api/v1/admin/metrics";

        FakeHttp.Response ok = FakeHttp.read(function.run(FakeHttp.<String>request(HttpMethod.GET, path)
                .header("Authorization", ApiFakes.bearer(Caller.of("ops", "operations", Role.OPERATOR))).build(),
                FakeHttp.context("i")));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.text()).contains("\"function\":\"ListFiles\"", "\"p50Ms\":null");
        assertValid(path, Request.Method.GET, ok);
        FakeHttp.Response user = FakeHttp.read(function.run(request(HttpMethod.GET, path).build(), FakeHttp.context("i")));
        assertThat(user.status()).isEqualTo(403);
        assertValid(path, Request.Method.GET, user);
    }

    @Test
    void healthLive_200() {
        assertValid("/api/health/live", Request.Method.GET, FakeHttp.read(new HealthLiveHttpFunction()
                .run(FakeHttp.request("/api/health/live"), FakeHttp.context("i"))));
    }

    @Test
    void healthReady_statusOnly_andDetails_200_503() {
        Executor direct = Runnable::run;
        for (boolean up : new boolean[] {true, false}) {
            HealthService health = new HealthService(List.of(HealthCheck.of("postgres", () -> true, () -> {
                if (!up) {
                    throw new DependencyException("postgres", true, "Connection refused");
                }
                return Map.of();
            })), new HealthSettings(Set.of("postgres"), Duration.ofSeconds(2)), () -> null, direct,
                    Clock.fixed(Instant.parse("2025-05-01T12:00:00Z"), ZoneOffset.UTC));

            FakeHttp.Response ready = FakeHttp.read(new HealthReadyHttpFunction(() -> health)
                    .run(FakeHttp.request("/api/health/ready"), FakeHttp.context("i")));
            FakeHttp.Response details = FakeHttp.read(new HealthReadyDetailsHttpFunction(() -> health)
                    .run(FakeHttp.request("/api/health/ready/details"), FakeHttp.context("i")));

            assertThat(ready.status()).isEqualTo(up ? 200 : 503);
            assertThat(details.status()).isEqualTo(up ? 200 : 503);
            assertValid("/api/health/ready", Request.Method.GET, ready);
            assertValid("/api/health/ready/details", Request.Method.GET, details);
            assertThat(ready.text()).doesNotContain("postgres");
        }
    }
}
