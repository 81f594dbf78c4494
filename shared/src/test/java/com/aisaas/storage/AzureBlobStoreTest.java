package com.aisaas.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.aisaas.common.ConflictException;
import com.aisaas.common.DependencyException;
import com.aisaas.common.NotFoundException;
import com.aisaas.storage.BlobStore.BlobRef;
import com.aisaas.storage.BlobStore.SignedUrl;
import com.azure.core.credential.AccessToken;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.UserDelegationKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The managed-identity path (user delegation SAS) and error translation, without a storage account. */
class AzureBlobStoreTest {

    private static final Instant NOW = Instant.parse("2025-05-01T12:00:00Z");

    /** A real client for URLs and signing (no request is sent), and a mock for the delegation key call. */
    private static BlobServiceClient service(BlobServiceClient real) {
        BlobServiceClient service = mock(BlobServiceClient.class);
        when(service.getBlobContainerClient(anyString())).thenAnswer(i -> {
            BlobContainerClient container = mock(BlobContainerClient.class);
            when(container.createIfNotExists()).thenReturn(false);
            when(container.getBlobClient(anyString())).thenAnswer(
                    b -> real.getBlobContainerClient(i.getArgument(0)).getBlobClient(b.getArgument(0)));
            return container;
        });
        UserDelegationKey key = new UserDelegationKey()
                .setSignedObjectId("11111111-1111-1111-1111-111111111111")
                .setSignedTenantId("22222222-2222-2222-2222-222222222222")
                .setSignedStart(OffsetDateTime.ofInstant(NOW.minusSeconds(300), ZoneOffset.UTC))
                .setSignedExpiry(OffsetDateTime.ofInstant(NOW.plus(Duration.ofHours(24)), ZoneOffset.UTC))
                .setSignedService("b").setSignedVersion("2021-08-06")
                .setValue("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        when(service.getUserDelegationKey(any(), any())).thenReturn(key);
        return service;
    }

    private static BlobServiceClient realIdentityClient() {
        return new BlobServiceClientBuilder().endpoint("https://acct.blob.core.windows.net")
                .credential(request -> Mono.just(new AccessToken("t", OffsetDateTime.now().plusHours(1))))
                .httpClient(new JdkHttpClientBuilder().build())
                .buildClient();
    }

    @Test
    void managedIdentity_signsUserDelegationSas_httpsOnly_andReusesTheKey() {
        BlobServiceClient service = service(realIdentityClient());
        AzureBlobStore store = new AzureBlobStore(service, true, true, Clock.fixed(NOW, ZoneOffset.UTC));
        BlobRef blob = new BlobRef("uploaded-files", "t/o/id/a.pdf");

        SignedUrl write = sign(store, blob);
        SignedUrl read = store.readUrl(blob, Duration.ofMinutes(5), "a.pdf", "application/pdf");

        assertThat(write.url().getRawQuery()).contains("skoid=11111111-1111-1111-1111-111111111111", "sp=cw",
                "spr=https", "sr=b", "se=2025-05-01T12%3A15%3A00Z").doesNotContain("sp=r");
        assertThat(read.url().getRawQuery()).contains("sp=r&", "rscd=attachment").doesNotContain("sp=cw");
        assertThat(write.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        assertThat(write.url().getScheme()).isEqualTo("https");
        verify(service, times(1)).getUserDelegationKey(any(), any());
    }

    private static SignedUrl sign(AzureBlobStore store, BlobRef blob) {
        return store.writeUrl(blob, Duration.ofMinutes(15));
    }

    @Test
    void translate_mapsStorageErrorsToTheDomain() {
        assertThat(AzureBlobStore.translate(storageError(404, BlobErrorCode.BLOB_NOT_FOUND), "read blob"))
                .isInstanceOf(NotFoundException.class);
        assertThat(AzureBlobStore.translate(storageError(409, BlobErrorCode.BLOB_ALREADY_EXISTS), "upload blob"))
                .isInstanceOf(ConflictException.class);
        assertThat(AzureBlobStore.translate(storageError(503, BlobErrorCode.SERVER_BUSY), "read blob"))
                .isInstanceOfSatisfying(DependencyException.class, e -> assertThat(e.retryable()).isTrue());
        assertThat(AzureBlobStore.translate(storageError(403, BlobErrorCode.AUTHORIZATION_FAILURE), "sign"))
                .isInstanceOfSatisfying(DependencyException.class, e -> assertThat(e.retryable()).isFalse());
    }

    private static BlobStorageException storageError(int status, BlobErrorCode code) {
        HttpResponse response = mock(HttpResponse.class);
        when(response.getStatusCode()).thenReturn(status);
        when(response.getHeaders()).thenReturn(new HttpHeaders().set(HttpHeaderName.fromString("x-ms-error-code"),
                code.toString()));
        return new BlobStorageException(code.toString(), response, null);
    }

    @Test
    void contentDisposition_hasAnAsciiFallbackAndTheExactUtf8Name() {
        assertThat(ContentDisposition.attachment("Résumé \"1\".pdf"))
                .isEqualTo("attachment; filename=\"R_sum_ _1_.pdf\"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%221%22.pdf");
        assertThat(ContentDisposition.inline("a.txt")).isEqualTo("inline; filename=\"a.txt\"; filename*=UTF-8''a.txt");
    }
}
