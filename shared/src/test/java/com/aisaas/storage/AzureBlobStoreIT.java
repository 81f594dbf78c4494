package com.aisaas.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.common.ConflictException;
import com.aisaas.common.NotFoundException;
import com.aisaas.storage.BlobStore.BlobRef;
import com.aisaas.storage.BlobStore.SignedUrl;
import com.aisaas.testing.TestServices;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link AzureBlobStore} against Azurite: SAS scope and lifetime, writes, ranged reads and moves. */
class AzureBlobStoreIT {

    private static BlobServiceClient service;
    private static AzureBlobStore store;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void connect() {
        service = new BlobServiceClientBuilder()
                .connectionString(TestServices.services().azurite().connectionString())
                .httpClient(new JdkHttpClientBuilder().build())
                .buildClient();
        store = new AzureBlobStore(service, false, false, Clock.systemUTC());
    }

    private static BlobRef upload() {
        return new BlobRef("uploaded-files", "tenant-1/owner-1/" + UUID.randomUUID() + "/report.pdf");
    }

    private static HttpResponse<String> put(URI url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(url).header("x-ms-blob-type", "BlockBlob")
                .header("Content-Type", "application/pdf")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI url) throws Exception {
        return http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI otherBlob(URI sasUrl, String otherName) {
        String s = sasUrl.toString();
        int query = s.indexOf('?');
        String path = s.substring(0, query);
        return URI.create(path.substring(0, path.lastIndexOf('/') + 1) + otherName + s.substring(query));
    }

    private static String content(BlobRef blob) {
        return service.getBlobContainerClient(blob.container()).getBlobClient(blob.name()).downloadContent().toString();
    }

    @Test
    void writeUrl_plainHttpPut_createsExactlyThatBlob() throws Exception {
        BlobRef blob = upload();
        SignedUrl url = store.writeUrl(blob, Duration.ofMinutes(5));

        HttpResponse<String> response = put(url.url(), "%PDF-1.7 hello");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(content(blob)).isEqualTo("%PDF-1.7 hello");
        assertThat(url.url().getQuery()).contains("sp=cw").doesNotContain("sp=r");
        assertThat(url.url().getPath()).isEqualTo("/devstoreaccount1/uploaded-files/" + blob.name());
        assertThat(url.expiresAt()).isBetween(java.time.Instant.now().plusSeconds(290), java.time.Instant.now().plusSeconds(301));
        assertThat(url.toString()).doesNotContain("sig=");
    }

    @Test
    void writeUrl_blobSdkClientFromTheSasUrl_uploads() {
        BlobRef blob = upload();
        SignedUrl url = store.writeUrl(blob, Duration.ofMinutes(5));

        BlobClient client = new BlobClientBuilder().endpoint(url.url().toString())
                .httpClient(new JdkHttpClientBuilder().build()).buildClient();
        client.upload(BinaryData.fromString("via the SDK"), true);

        assertThat(content(blob)).isEqualTo("via the SDK");
    }

    @Test
    void writeUrl_cannotWriteAnotherPath_readListOrDelete() throws Exception {
        BlobRef blob = upload();
        SignedUrl url = store.writeUrl(blob, Duration.ofMinutes(5));
        assertThat(put(url.url(), "mine").statusCode()).isEqualTo(201);

        assertThat(put(otherBlob(url.url(), "other.pdf"), "not mine").statusCode()).isEqualTo(403);
        assertThat(get(url.url()).statusCode()).isEqualTo(403);
        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(url.url()).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(403);
        String container = url.url().toString().substring(0,
                url.url().toString().indexOf("/uploaded-files/") + "/uploaded-files".length());
        URI list = URI.create(container + "?restype=container&comp=list&" + url.url().getRawQuery());
        assertThat(get(list).statusCode()).isEqualTo(403);

        BlobClient sdk = new BlobClientBuilder().endpoint(otherBlob(url.url(), "sdk-other.pdf").toString())
                .httpClient(new JdkHttpClientBuilder().build()).buildClient();
        assertThatThrownBy(() -> sdk.upload(BinaryData.fromString("x"), true))
                .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
        assertThat(content(blob)).isEqualTo("mine");
    }

    @Test
    void writeUrl_afterExpiry_isRefused() throws Exception {
        BlobRef blob = upload();
        // Signed by a store whose clock is an hour behind: the URL expired an hour ago by the storage's clock too.
        AzureBlobStore late = new AzureBlobStore(service, false, false, Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)));
        SignedUrl url = late.writeUrl(blob, Duration.ofSeconds(1));
        assertThat(url.expiresAt()).isBefore(java.time.Instant.now().minus(Duration.ofMinutes(30)));

        assertThat(put(url.url(), "too late").statusCode()).isEqualTo(403);
        assertThat(service.getBlobContainerClient(blob.container()).getBlobClient(blob.name()).exists()).isFalse();
    }

    @Test
    void readUrl_readsWithAttachmentDisposition_butCannotWrite() throws Exception {
        BlobRef blob = upload();
        store.create(blob, "hello".getBytes(StandardCharsets.UTF_8), "text/plain");
        SignedUrl url = store.readUrl(blob, Duration.ofMinutes(5), "Résumé \"final\".txt", "text/plain");

        HttpResponse<String> response = get(url.url());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello");
        assertThat(response.headers().firstValue("content-disposition")).hasValue(
                "attachment; filename=\"R_sum_ _final_.txt\"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22.txt");
        assertThat(put(url.url(), "overwrite").statusCode()).isEqualTo(403);
        assertThat(get(otherBlob(url.url(), "other.pdf")).statusCode()).isEqualTo(403);
    }

    @Test
    void create_existingBlob_isConflict_andReadHonoursRanges() {
        BlobRef blob = upload();
        store.create(blob, "0123456789".getBytes(StandardCharsets.UTF_8), "text/plain");

        assertThatThrownBy(() -> store.create(blob, "again".getBytes(StandardCharsets.UTF_8), "text/plain"))
                .isInstanceOf(ConflictException.class);
        assertThat(new String(store.read(blob, 3, 4), StandardCharsets.UTF_8)).isEqualTo("3456");
        assertThat(new String(store.read(blob, 8, 100), StandardCharsets.UTF_8)).isEqualTo("89");
        assertThat(store.size(blob)).isEqualTo(10);
        assertThatThrownBy(() -> store.read(upload(), 0, 1)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void move_toDeletedAndBack_isServerSideAndIdempotent() {
        BlobRef blob = upload();
        store.create(blob, "keep me".getBytes(StandardCharsets.UTF_8), "application/pdf");

        assertThat(store.move(blob.name(), "uploaded-files", "deleted-files")).isTrue();
        assertThat(store.move(blob.name(), "uploaded-files", "deleted-files")).isTrue();

        BlobRef deleted = new BlobRef("deleted-files", blob.name());
        assertThat(content(deleted)).isEqualTo("keep me");
        assertThat(service.getBlobContainerClient("deleted-files").getBlobClient(blob.name()).getProperties()
                .getContentType()).isEqualTo("application/pdf");
        assertThat(service.getBlobContainerClient("uploaded-files").getBlobClient(blob.name()).exists()).isFalse();

        assertThat(store.move(blob.name(), "deleted-files", "uploaded-files")).isTrue();
        assertThat(content(blob)).isEqualTo("keep me");
        assertThat(store.move(upload().name(), "uploaded-files", "deleted-files")).as("nothing to move").isFalse();
    }
}
