package com.aisaas.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.app.AppContext;
import com.aisaas.common.ConflictException;
import com.aisaas.common.NotFoundException;
import com.aisaas.processing.UploadProcessor;
import com.aisaas.storage.AzureBlobContent;
import com.aisaas.testing.TestServices;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The files API composed by {@link AppContext} over real PostgreSQL, Redis (cache) and Azurite: an upload
 * session used with a plain HTTP PUT, download, soft delete with the blob moved, restore, owner isolation.
 */
class FilesFlowIT {

    private static AppContext context;
    private static Map<String, String> env;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        env = TestServices.appEnvironment("files_flow");
        context = AppContext.create(env);
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    private static Actor actor(String owner) {
        return new Actor(owner, "tenant-" + owner, "req-" + UUID.randomUUID());
    }

    /** What processing will do: mark the file ready with its measured size. */
    private static void markReady(FileId id, long size) throws Exception {
        try (Connection c = DriverManager.getConnection(env.get("DB_URL"), env.get("DB_MAINTENANCE_USER"),
                env.get("DB_MAINTENANCE_PASSWORD")); // processing's stand-in crosses scopes
             PreparedStatement s = c.prepareStatement(
                     "update files set status = 'ready', size_bytes = ?, processed_at = now() where id = ?")) {
            s.setLong(1, size);
            s.setObject(2, id.value());
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    private static BlobServiceClient blobs() {
        return new BlobServiceClientBuilder().connectionString(env.get("UploadsStorage")).buildClient();
    }

    @Test
    void uploadSession_put_download_delete_restore() throws Exception {
        FileService files = context.files();
        Actor alice = actor("alice-" + UUID.randomUUID());
        byte[] content = "%PDF-1.7 the report".getBytes(StandardCharsets.UTF_8);

        UploadSession session = files.createUploadSession(alice,
                new UploadSessionRequest("Report Q1.pdf", (long) content.length, "application/pdf", null));
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(session.uploadUrl()))
                .header("x-ms-blob-type", session.headers().get("x-ms-blob-type"))
                .header("Content-Type", session.headers().get("Content-Type"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(201);

        FileId id = FileId.parse(session.fileId());
        assertThat(files.get(alice, id).status()).isEqualTo("pending");
        assertThatThrownBy(() -> files.content(alice, id, false, null)).isInstanceOf(ConflictException.class);

        markReady(id, content.length);
        files.update(alice, id, new FilePatch(null, Map.of("q", "1")), null); // a write: refreshes the cached view
        Download download = files.content(alice, id, false, null);
        HttpResponse<byte[]> fetched = http.send(HttpRequest.newBuilder(((Download.Redirect) download).location())
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(content);
        assertThat(fetched.headers().firstValue("content-disposition").orElse("")).contains("Report Q1.pdf");
        Download.Content part = (Download.Content) files.content(alice, id, true, "bytes=0-4");
        assertThat(new String(part.bytes(), StandardCharsets.UTF_8)).isEqualTo("%PDF-");

        String blobName = "tenant-" + alice.ownerId() + "/" + alice.ownerId() + "/" + id + "/Report_Q1.pdf";
        files.delete(alice, id, null);
        assertThat(blobs().getBlobContainerClient("uploaded-files").getBlobClient(blobName).exists()).isFalse();
        assertThat(blobs().getBlobContainerClient("deleted-files").getBlobClient(blobName).exists()).isTrue();
        assertThat(files.list(alice, ListQuery.first()).items()).isEmpty();
        assertThat(files.get(alice, id).status()).isEqualTo("deleted");

        FileView restored = files.restore(alice, id);
        assertThat(restored.status()).isEqualTo("ready");
        assertThat(blobs().getBlobContainerClient("uploaded-files").getBlobClient(blobName).exists()).isTrue();
        assertThat(files.list(alice, ListQuery.first()).items()).extracting(FileView::id).containsExactly(id.toString());
    }

    @Test
    void theUploadUrl_writingAgainAfterReady_changesNeitherVerdictNorHashNorServedBytes() throws Exception {
        FileService files = context.files();
        Actor alice = actor("alice-" + UUID.randomUUID());
        byte[] original = "the original, processed content".getBytes(StandardCharsets.UTF_8);
        byte[] later = "A LATER WRITE THROUGH THE SAS!!".getBytes(StandardCharsets.UTF_8);
        assertThat(later).hasSameSizeAs(original);

        UploadSession session = files.createUploadSession(alice,
                new UploadSessionRequest("notes.txt", (long) original.length, "text/plain", null));
        assertThat(put(session.uploadUrl(), session, original).statusCode()).isEqualTo(201);
        FileId id = FileId.parse(session.fileId());
        String path = BlobPaths.of(alice.tenantId(), alice.ownerId(), id, "notes.txt");
        assertThat(process(path)).isEqualTo(UploadProcessor.Result.READY);
        FileView ready = files.get(alice, id);
        assertThat(ready.status()).isEqualTo("ready");
        assertThat(ready.sha256()).isEqualTo(sha256(original));

        // the same upload URL is still valid: Storage takes the write (a new upload under the file's upload name)
        assertThat(put(session.uploadUrl(), session, later).statusCode()).isEqualTo(201);
        // and its BlobCreated event reaches processing, which changes nothing and removes that upload
        assertThat(process(path)).isEqualTo(UploadProcessor.Result.ALREADY_DONE);
        assertThat(blobs().getBlobContainerClient(BlobPaths.UPLOADS_CONTAINER)
                .getBlobClient(BlobPaths.blobName(path)).exists()).isFalse();

        FileView after = files.get(alice, id);
        assertThat(after).isEqualTo(ready);
        assertThat(after.sha256()).isEqualTo(sha256(original));
        HttpResponse<byte[]> fetched = http.send(HttpRequest.newBuilder(
                ((Download.Redirect) files.content(alice, id, false, null)).location()).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(original);
        assertThat(((Download.Content) files.content(alice, id, true, null)).bytes()).isEqualTo(original);

        // the upload URL's signature names its one blob in uploaded-files: Storage refuses it for the processed blob
        String processedUrl = session.uploadUrl().replaceFirst("/" + BlobPaths.UPLOADS_CONTAINER + "/",
                "/" + BlobPaths.FILES_CONTAINER + "/");
        assertThat(processedUrl).isNotEqualTo(session.uploadUrl());
        assertThat(put(processedUrl, session, later).statusCode()).isEqualTo(403);
        assertThat(((Download.Content) files.content(alice, id, true, null)).bytes()).isEqualTo(original);

        // soft delete and restore move the processed blob out of and back into the files container
        files.delete(alice, id, null);
        assertThat(blobs().getBlobContainerClient(BlobPaths.DELETED_CONTAINER)
                .getBlobClient(BlobPaths.blobName(path)).exists()).isTrue();
        assertThat(blobs().getBlobContainerClient(BlobPaths.FILES_CONTAINER)
                .getBlobClient(BlobPaths.blobName(path)).exists()).isFalse();
        files.restore(alice, id);
        assertThat(((Download.Content) files.content(alice, id, true, null)).bytes()).isEqualTo(original);
    }

    private static HttpResponse<String> put(String url, UploadSession session, byte[] content) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("x-ms-blob-type", session.headers().get("x-ms-blob-type"))
                .header("Content-Type", session.headers().get("Content-Type"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What the blob trigger does with the BlobCreated event of the upload. */
    private static UploadProcessor.Result process(String path) {
        return context.uploadProcessor().process(path, AzureBlobContent.of(blobs()
                .getBlobContainerClient(BlobPaths.UPLOADS_CONTAINER).getBlobClient(BlobPaths.blobName(path))));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void directUpload_isPendingAndIsolatedFromOtherOwners() {
        FileService files = context.files();
        Actor alice = actor("alice-" + UUID.randomUUID());
        Actor bob = actor("bob-" + UUID.randomUUID());

        FileView file = files.upload(alice, new DirectUpload("notes.txt", "X-File-Name", "text/plain",
                "X-File-Content-Type", "hello".getBytes(StandardCharsets.UTF_8)));
        FileId id = FileId.parse(file.id());

        assertThat(file.status()).isEqualTo("pending");
        assertThat(files.get(alice, id).name()).isEqualTo("notes.txt");
        assertThatThrownBy(() -> files.get(bob, id)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> files.update(bob, id, new FilePatch("x.txt", null), null))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> files.delete(bob, id, null)).isInstanceOf(NotFoundException.class);
        assertThat(files.list(bob, ListQuery.first()).items()).isEmpty();
        assertThat(files.get(alice, id).status()).isEqualTo("pending");
    }
}
