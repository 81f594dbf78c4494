package com.aisaas.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.aisaas.common.Json;
import com.aisaas.config.FilesSettings;
import com.aisaas.files.Actor;
import com.aisaas.files.ByteRange;
import com.aisaas.files.DirectUpload;
import com.aisaas.files.Download;
import com.aisaas.files.FileId;
import com.aisaas.files.FilePage;
import com.aisaas.files.FilePatch;
import com.aisaas.files.FileService;
import com.aisaas.files.FileView;
import com.aisaas.files.ListQuery;
import com.aisaas.files.UploadPolicy;
import com.aisaas.files.UploadSession;
import com.aisaas.files.UploadSessionRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** Each files function: what it takes from the request, what it asks the service, what it answers. */
class FilesFunctionsTest {

    private static final String ID = "0b6f3f3c-1f1e-4c55-9d2c-8f7f7c1d2e3a";
    private static final FileView FILE = new FileView(ID, "a.pdf", "application/pdf", 10L, "ready", Map.of(), null,
            null, Instant.parse("2025-05-01T12:00:00Z"), Instant.parse("2025-05-01T12:00:00Z"), null, null, null, "\"3\"");

    private final FileService service = mock(FileService.class);
    private final Http.Pipeline pipeline = ApiFakes.pipeline();

    private static JsonNode json(FakeHttp.Response response) throws Exception {
        return Json.mapper().readTree(response.text());
    }

    private static FakeHttp.RequestBuilder<String> authorized(HttpMethod method, String path) {
        return FakeHttp.<String>request(method, path).header("Authorization", ApiFakes.ALICE);
    }

    @Test
    void getFile_answersMetadataWithETag_and304ForAMatchingIfNoneMatch() throws Exception {
        when(service.get(any(), eq(FileId.parse(ID)))).thenReturn(FILE);
        GetFileHttpFunction function = new GetFileHttpFunction(() -> service, pipeline);

        FakeHttp.Response ok = FakeHttp.read(function.run(
                FakeHttp.<String>request(HttpMethod.GET, "/api/v1/files/" + ID).header("Authorization", ApiFakes.ALICE).build(),
                ID, FakeHttp.context("i1")));
        FakeHttp.Response notModified = FakeHttp.read(function.run(
                FakeHttp.<String>request(HttpMethod.GET, "/api/v1/files/" + ID).header("Authorization", ApiFakes.ALICE)
                        .header("If-None-Match", "\"3\"").build(), ID, FakeHttp.context("i2")));

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("ETag")).isEqualTo("\"3\"");
        assertThat(json(ok).get("name").asText()).isEqualTo("a.pdf");
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.body()).isNull();
        assertThat(notModified.header("ETag")).isEqualTo("\"3\"");
    }

    @Test
    void getFile_malformedId_is404WithoutAskingTheService() throws Exception {
        FakeHttp.Response response = FakeHttp.read(new GetFileHttpFunction(() -> service, pipeline).run(
                FakeHttp.<String>request(HttpMethod.GET, "/api/v1/files/nope").header("Authorization", ApiFakes.ALICE).build(),
                "nope", FakeHttp.context("i")));

        assertThat(response.status()).isEqualTo(404);
        assertThat(json(response).get("type").asText()).isEqualTo("urn:aisaas:problem:not-found");
        verify(service, never()).get(any(), any());
    }

    @Test
    void createUploadSession_201WithLocationAndTheSession() throws Exception {
        UploadSession session = new UploadSession(ID, "https://acct/uploaded-files/x?sig=1", "PUT",
                Map.of("x-ms-blob-type", "BlockBlob", "Content-Type", "application/pdf"),
                Instant.parse("2025-05-01T12:15:00Z"), FILE);
        when(service.createUploadSession(any(), any())).thenReturn(session);

        FakeHttp.Response response = FakeHttp.read(new CreateUploadSessionHttpFunction(() -> service, pipeline).run(
                FakeHttp.<String>request(HttpMethod.POST, "/api/v1/files/uploads").header("Authorization", ApiFakes.ALICE)
                        .header("Content-Type", "application/json")
                        .body("{\"name\":\"a.pdf\",\"size\":10,\"contentType\":\"application/pdf\"}").build(),
                FakeHttp.context("i")));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("Location")).isEqualTo("/api/v1/files/" + ID);
        assertThat(json(response).get("uploadUrl").asText()).startsWith("https://");
        assertThat(json(response).get("expiresAt").asText()).isEqualTo("2025-05-01T12:15:00Z");
        ArgumentCaptor<UploadSessionRequest> body = ArgumentCaptor.forClass(UploadSessionRequest.class);
        ArgumentCaptor<Actor> actor = ArgumentCaptor.forClass(Actor.class);
        verify(service).createUploadSession(actor.capture(), body.capture());
        assertThat(body.getValue()).isEqualTo(new UploadSessionRequest("a.pdf", 10L, "application/pdf", null));
        assertThat(actor.getValue()).isEqualTo(new Actor("alice", "t1", "i"));
    }

    @Test
    void createUploadSession_badBodies_are4xxNamingTheField() throws Exception {
        CreateUploadSessionHttpFunction function = new CreateUploadSessionHttpFunction(() -> service, pipeline);
        Object[][] cases = {
                {"{\"name\":\"a.pdf\",", "application/json", 400, "body"},
                {"{\"name\":\"a.pdf\",\"size\":\"10\",\"contentType\":\"x/y\"}", "application/json", 400, "size"},
                {"{\"name\":\"a.pdf\",\"size\":10.5,\"contentType\":\"x/y\"}", "application/json", 400, "size"},
                {"{\"name\":5,\"size\":10,\"contentType\":\"x/y\"}", "application/json", 400, "name"},
                {"{\"name\":\"a\",\"size\":1,\"contentType\":\"x/y\",\"admin\":true}", "application/json", 400, "admin"},
                {"{\"name\":\"a\",\"tags\":{\"k\":1}}", "application/json", 400, "tags.k"},
                {"[1,2]", "application/json", 400, "body"},
                {"null", "application/json", 400, "body"},
                {"{\"name\":\"a\",\"name\":\"b\"}", "application/json", 400, "body"},
                {"{} {}", "application/json", 400, "body"},
                {"{\"name\":\"a.pdf\"}", "text/plain", 415, null},
                {"{\"name\":\"" + "x".repeat(70_000) + "\"}", "application/json", 413, null},
                {"[".repeat(50) + "]".repeat(50), "application/json", 400, "body"},
        };
        for (Object[] c : cases) {
            FakeHttp.Response response = FakeHttp.read(function.run(
                    FakeHttp.<String>request(HttpMethod.POST, "/api/v1/files/uploads").header("Authorization", ApiFakes.ALICE)
                            .header("Content-Type", (String) c[1]).body((String) c[0]).build(), FakeHttp.context("i")));
            assertThat(response.status()).as(((String) c[0]).substring(0, Math.min(40, ((String) c[0]).length())))
                    .isEqualTo(c[2]);
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
            if (c[3] != null) {
                assertThat(json(response).at("/invalidParams/0/name").asText()).as((String) c[0]).isEqualTo(c[3]);
            }
        }
        FakeHttp.Response empty = FakeHttp.read(function.run(FakeHttp.<String>request(HttpMethod.POST,
                "/api/v1/files/uploads").header("Authorization", ApiFakes.ALICE).build(), FakeHttp.context("i")));
        assertThat(empty.status()).isEqualTo(400);
        verify(service, never()).createUploadSession(any(), any());
    }

    @Test
    void uploadFile_octetStream_takesNameAndTypeFromHeaders() {
        when(service.policy()).thenReturn(UploadPolicy.from(FilesSettings.defaults()));
        when(service.upload(any(), any())).thenReturn(FILE);
        byte[] bytes = {1, 2, 3, (byte) 0xff};

        FakeHttp.Response response = FakeHttp.read(new UploadFileHttpFunction(() -> service, pipeline).run(
                FakeHttp.<byte[]>request(HttpMethod.POST, "/api/v1/files").header("Authorization", ApiFakes.ALICE)
                        .header("Content-Type", "application/octet-stream")
                        .header("X-File-Name", "R%C3%A9sum%C3%A9+1.pdf")
                        .header("X-File-Content-Type", "application/pdf").body(bytes).build(),
                FakeHttp.context("i")));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("Location")).isEqualTo("/api/v1/files/" + ID);
        ArgumentCaptor<DirectUpload> upload = ArgumentCaptor.forClass(DirectUpload.class);
        verify(service).upload(any(), upload.capture());
        assertThat(upload.getValue().name()).isEqualTo("Résumé+1.pdf");
        assertThat(upload.getValue().contentType()).isEqualTo("application/pdf");
        assertThat(upload.getValue().content()).isEqualTo(bytes);
    }

    @Test
    void uploadFile_multipart_isParsed() {
        when(service.policy()).thenReturn(UploadPolicy.from(FilesSettings.defaults()));
        when(service.upload(any(), any())).thenReturn(FILE);
        String body = "--b1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"n.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nhello\r\n--b1--\r\n";

        FakeHttp.Response response = FakeHttp.read(new UploadFileHttpFunction(() -> service, pipeline).run(
                FakeHttp.<byte[]>request(HttpMethod.POST, "/api/v1/files").header("Authorization", ApiFakes.ALICE)
                        .header("Content-Type", "multipart/form-data; boundary=b1")
                        .body(body.getBytes(StandardCharsets.UTF_8)).build(), FakeHttp.context("i")));

        assertThat(response.status()).isEqualTo(201);
        ArgumentCaptor<DirectUpload> upload = ArgumentCaptor.forClass(DirectUpload.class);
        verify(service).upload(any(), upload.capture());
        assertThat(upload.getValue().name()).isEqualTo("n.txt");
        assertThat(new String(upload.getValue().content(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void uploadFile_otherContentTypeOrEmptyOrBadName_are4xx() {
        when(service.policy()).thenReturn(UploadPolicy.from(FilesSettings.defaults()));
        UploadFileHttpFunction function = new UploadFileHttpFunction(() -> service, pipeline);

        FakeHttp.Response text = FakeHttp.read(function.run(FakeHttp.<byte[]>request(HttpMethod.POST, "/api/v1/files")
                .header("Authorization", ApiFakes.ALICE).header("Content-Type", "image/png")
                .body(new byte[] {1}).build(), FakeHttp.context("i")));
        FakeHttp.Response empty = FakeHttp.read(function.run(FakeHttp.<byte[]>request(HttpMethod.POST, "/api/v1/files")
                .header("Authorization", ApiFakes.ALICE).header("Content-Type", "application/octet-stream").build(),
                FakeHttp.context("i")));
        FakeHttp.Response badEscape = FakeHttp.read(function.run(FakeHttp.<byte[]>request(HttpMethod.POST, "/api/v1/files")
                .header("Authorization", ApiFakes.ALICE).header("Content-Type", "application/octet-stream")
                .header("X-File-Name", "%FF.txt").body(new byte[] {1}).build(), FakeHttp.context("i")));
        FakeHttp.Response tooBig = FakeHttp.read(function.run(FakeHttp.<byte[]>request(HttpMethod.POST, "/api/v1/files")
                .header("Authorization", ApiFakes.ALICE).header("Content-Type", "multipart/form-data; boundary=b")
                .body(new byte[5 * 1024 * 1024]).build(), FakeHttp.context("i")));

        assertThat(text.status()).isEqualTo(415);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(badEscape.status()).isEqualTo(400);
        assertThat(tooBig.status()).isEqualTo(413);
        verify(service, never()).upload(any(), any());
    }

    @Test
    void listFiles_passesTheQuery_andAnswersThePage() throws Exception {
        when(service.list(any(), any())).thenReturn(new FilePage(List.of(FILE), "next-1"));

        FakeHttp.Response response = FakeHttp.read(new ListFilesHttpFunction(() -> service, pipeline).run(
                authorized(HttpMethod.GET, "/api/v1/files?limit=5&status=ready").build(), FakeHttp.context("i")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(json(response).get("nextCursor").asText()).isEqualTo("next-1");
        assertThat(json(response).get("items").get(0).get("id").asText()).isEqualTo(ID);
        ArgumentCaptor<ListQuery> query = ArgumentCaptor.forClass(ListQuery.class);
        verify(service).list(any(), query.capture());
        assertThat(query.getValue().limit()).isEqualTo(5);
        assertThat(query.getValue().status()).hasValueSatisfying(s -> assertThat(s.wire()).isEqualTo("ready"));
    }

    @Test
    void listFiles_lastPage_hasNullNextCursor() throws Exception {
        when(service.list(any(), any())).thenReturn(new FilePage(List.of(), null));

        FakeHttp.Response response = FakeHttp.read(new ListFilesHttpFunction(() -> service, pipeline).run(
                authorized(HttpMethod.GET, "/api/v1/files").build(), FakeHttp.context("i")));

        assertThat(json(response).has("nextCursor")).isTrue();
        assertThat(json(response).get("nextCursor").isNull()).isTrue();
    }

    @Test
    void downloadFile_redirect_is302ToTheSas() {
        when(service.content(any(), any(), anyBoolean(), any()))
                .thenReturn(new Download.Redirect(URI.create("https://acct/f?sp=r&sig=1"), Instant.now()));

        FakeHttp.Response response = FakeHttp.read(new DownloadFileHttpFunction(() -> service, pipeline).run(
                authorized(HttpMethod.GET, "/api/v1/files/" + ID + "/content").build(), ID, FakeHttp.context("i")));

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).isEqualTo("https://acct/f?sp=r&sig=1");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        verify(service).content(any(), eq(FileId.parse(ID)), eq(false), isNull());
    }

    @Test
    void downloadFile_inline_streamsWholeOrPartialContent() {
        byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);
        when(service.content(any(), any(), eq(true), isNull()))
                .thenReturn(new Download.Content(bytes, "text/plain", "n.txt", 5, null, "\"3\""));
        when(service.content(any(), any(), eq(true), eq("bytes=1-2")))
                .thenReturn(new Download.Content("el".getBytes(StandardCharsets.UTF_8), "text/plain", "n.txt", 5,
                        new ByteRange(1, 2, 5), "\"3\""));
        DownloadFileHttpFunction function = new DownloadFileHttpFunction(() -> service, pipeline);

        FakeHttp.Response whole = FakeHttp.read(function.run(authorized(HttpMethod.GET,
                "/api/v1/files/" + ID + "/content?inline=true").build(), ID, FakeHttp.context("i")));
        FakeHttp.Response part = FakeHttp.read(function.run(authorized(HttpMethod.GET,
                "/api/v1/files/" + ID + "/content?inline=true").header("Range", "bytes=1-2").build(), ID,
                FakeHttp.context("i")));
        FakeHttp.Response bad = FakeHttp.read(function.run(authorized(HttpMethod.GET,
                "/api/v1/files/" + ID + "/content?inline=yes").build(), ID, FakeHttp.context("i")));

        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(bytes);
        assertThat(whole.header("Content-Type")).isEqualTo("text/plain");
        assertThat(whole.header("Accept-Ranges")).isEqualTo("bytes");
        assertThat(whole.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(whole.header("Content-Disposition")).startsWith("inline; filename=\"n.txt\"");
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.header("Content-Range")).isEqualTo("bytes 1-2/5");
        assertThat(bad.status()).isEqualTo(400);
    }

    @Test
    void updateFile_passesIfMatch_andAnswersTheNewETag() throws Exception {
        when(service.update(any(), any(), any(), any())).thenReturn(FILE);

        FakeHttp.Response response = FakeHttp.read(new UpdateFileHttpFunction(() -> service, pipeline).run(
                FakeHttp.<String>request(HttpMethod.PATCH, "/api/v1/files/" + ID).header("Authorization", ApiFakes.ALICE)
                        .header("If-Match", "\"2\"").header("Content-Type", "application/merge-patch+json")
                        .body("{\"name\":\"b.pdf\",\"tags\":{\"team\":\"x\"}}").build(), ID, FakeHttp.context("i")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("ETag")).isEqualTo("\"3\"");
        verify(service).update(any(), eq(FileId.parse(ID)), eq(new FilePatch("b.pdf", Map.of("team", "x"))), eq("\"2\""));
    }

    @Test
    void deleteFile_is204_restoreFile_is200() {
        when(service.restore(any(), any())).thenReturn(FILE);

        FakeHttp.Response deleted = FakeHttp.read(new DeleteFileHttpFunction(() -> service, pipeline).run(
                authorized(HttpMethod.DELETE, "/api/v1/files/" + ID).build(), ID, FakeHttp.context("i")));
        FakeHttp.Response restored = FakeHttp.read(new RestoreFileHttpFunction(() -> service, pipeline).run(
                authorized(HttpMethod.POST, "/api/v1/files/" + ID + "/restore").build(), ID, FakeHttp.context("i")));

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isNull();
        assertThat(restored.status()).isEqualTo(200);
        assertThat(restored.header("ETag")).isEqualTo("\"3\"");
        verify(service).delete(any(), eq(FileId.parse(ID)), isNull());
    }
}
