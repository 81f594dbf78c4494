package com.aisaas.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.config.StorageSettings;
import com.aisaas.devhost.services.LocalServices;
import com.aisaas.devhost.services.Service;
import com.aisaas.secrets.SecretResolver;
import com.aisaas.storage.BlobStore.BlobRef;
import com.aisaas.storage.BlobStore.SignedUrl;
import com.aisaas.testing.FakeEntraCredential;
import com.aisaas.testing.LocalTls;
import com.aisaas.testing.MutableClock;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobServiceClient;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The managed-identity storage path, as the app runs it in Azure ({@code UploadsStorage__blobServiceUri}, no account
 * key): {@link BlobStorage#connect} with a token credential, and {@link AzureBlobStore} signing user-delegation SAS
 * URLs with a user delegation key it fetched with the identity's token.
 *
 * <p>Against Azurite started with {@code --oauth basic} over HTTPS (a throwaway self-signed certificate) and a
 * credential that issues Entra-shaped JWTs. What Azurite enforces and this test proves: bearer tokens are accepted
 * only over HTTPS with an Entra issuer, a storage audience and a valid lifetime; Get User Delegation Key needs such a
 * token; a SAS signed with the delegation key is checked against its signature (so the blob name, permissions,
 * expiry and key fields cannot be changed), its expiry and the key's validity window, and each operation against
 * the permissions it needs. What Azurite does not enforce (Azure does): the token's signature, that the identity
 * holds a role with {@code generateUserDelegationKey} (Storage Blob Data Delegator) or data access on the container,
 * and the 7-day limit of a delegation key; its keys derive from a public constant, so this is a protocol test, not a
 * security boundary. The SAS are signed at service version 2025-11-05, Azurite's, not at the SDK's newest: Azurite
 * 3.35 does not know the fields later versions add to the user-delegation string-to-sign (shared/pom.xml).
 */
class UserDelegationSasIT {

    private static final String CONTAINER = BlobStorage.UPLOADS_CONTAINER;
    /** The SAS version the build signs at against Azurite (shared/pom.xml; the deployed app uses the SDK's newest). */
    private static final String AZURITE_SAS_VERSION = "2025-11-05";

    private static Path dir;
    private static LocalTls tls;
    private static LocalServices services;
    private static FakeEntraCredential identity;
    private static final AtomicInteger delegationKeyRequests = new AtomicInteger();
    private static BlobServiceClient service;
    private static java.net.http.HttpClient browser;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("aisaas-udk-");
        tls = LocalTls.create(dir);
        services = LocalServices.start(LocalServices.Options.defaults().services(Service.AZURITE)
                .azuriteOAuth(tls.pfx(), tls.password(), tls.certificatePem()));
        identity = FakeEntraCredential.random();
        StorageSettings settings = new StorageSettings(Optional.empty(),
                Optional.of(URI.create(services.azurite().blobEndpoint())));
        HttpClient counting = counting(tls.azureClient());
        service = BlobStorage.connect(settings, noSecrets(), counting, () -> identity).service();
        browser = tls.jdkClient();
    }

    @AfterAll
    static void stop() {
        if (services != null) {
            services.close();
        }
    }

    /** The store as the app builds it in Azure: user delegation, HTTPS-only SAS. */
    private static AzureBlobStore store(Clock clock) {
        return new AzureBlobStore(service, true, true, clock);
    }

    private static BlobRef newBlob() {
        return new BlobRef(CONTAINER, "tenant-1/owner-1/" + UUID.randomUUID() + "/report.pdf");
    }

    @Test
    void uploadUrl_isAUserDelegationSas_thatCreatesThatBlob() throws Exception {
        BlobRef blob = newBlob();
        Instant before = Instant.now();
        SignedUrl url = store(Clock.systemUTC()).writeUrl(blob, Duration.ofMinutes(15));

        Map<String, String> q = query(url.url());
        assertThat(q).containsEntry("sr", "b").containsEntry("sp", "cw").containsEntry("spr", "https")
                .containsEntry("skoid", identity.objectId()).containsEntry("sktid", identity.tenantId())
                .containsEntry("sks", "b").containsKeys("skt", "ske", "skv", "se", "sig")
                .containsEntry("sv", AZURITE_SAS_VERSION)
                .doesNotContainKey("st");
        Instant se = Instant.parse(q.get("se"));
        assertThat(se).isEqualTo(url.expiresAt());
        assertThat(se).isBetween(before.plus(Duration.ofMinutes(15)).truncatedTo(ChronoUnit.SECONDS),
                Instant.now().plus(Duration.ofMinutes(15)));
        assertThat(Instant.parse(q.get("ske"))).isAfter(se);
        assertThat(identity.requests()).extracting(TokenRequestContext::getScopes)
                .contains(java.util.List.of("https://storage.azure.com/.default"));

        assertThat(put(url.url(), "%PDF-1.7 via udk").statusCode()).isEqualTo(201);
        assertThat(content(blob)).isEqualTo("%PDF-1.7 via udk");
    }

    @Test
    void uploadUrl_cannotRead_delete_orWriteAnotherBlob() throws Exception {
        BlobRef blob = newBlob();
        SignedUrl url = store(Clock.systemUTC()).writeUrl(blob, Duration.ofMinutes(15));
        assertThat(put(url.url(), "mine").statusCode()).isEqualTo(201);

        assertThat(get(url.url()).statusCode()).isEqualTo(403);
        assertThat(delete(url.url()).statusCode()).isEqualTo(403);
        assertThat(put(otherBlob(url.url(), "other.pdf"), "not mine").statusCode()).isEqualTo(403);
        assertThat(exists(new BlobRef(CONTAINER, sibling(blob, "other.pdf")))).isFalse();
        assertThat(content(blob)).isEqualTo("mine");
    }

    @Test
    void readUrl_readsThatBlobOnly_withTheSignedDisposition() throws Exception {
        AzureBlobStore store = store(Clock.systemUTC());
        BlobRef blob = newBlob();
        store.create(blob, "hello".getBytes(StandardCharsets.UTF_8), "text/plain");
        BlobRef neighbour = new BlobRef(CONTAINER, sibling(blob, "other.pdf"));
        store.create(neighbour, "secret".getBytes(StandardCharsets.UTF_8), "text/plain");
        SignedUrl url = store.readUrl(blob, Duration.ofMinutes(5), "report.txt", "text/plain");

        assertThat(query(url.url())).containsEntry("sp", "r").containsKey("rscd").containsEntry("rsct", "text/plain");
        java.net.http.HttpResponse<String> response = get(url.url());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello");
        assertThat(response.headers().firstValue("content-disposition")).hasValueSatisfying(
                value -> assertThat(value).startsWith("attachment;").contains("report.txt"));

        assertThat(get(otherBlob(url.url(), "other.pdf")).statusCode()).isEqualTo(403);
        assertThat(put(url.url(), "overwrite").statusCode()).isEqualTo(403);
        assertThat(delete(url.url()).statusCode()).isEqualTo(403);
        assertThat(content(blob)).isEqualTo("hello");
    }

    @Test
    void tamperedFields_breakTheSignature() throws Exception {
        BlobRef blob = newBlob();
        SignedUrl url = store(Clock.systemUTC()).writeUrl(blob, Duration.ofMinutes(15));
        String later = Instant.parse(query(url.url()).get("se")).plus(Duration.ofDays(1)).toString();

        assertThat(put(replace(url.url(), "sp", "racwd"), "x").statusCode()).isEqualTo(403);
        assertThat(put(replace(url.url(), "se", later), "x").statusCode()).isEqualTo(403);
        assertThat(put(replace(url.url(), "skoid", UUID.randomUUID().toString()), "x").statusCode()).isEqualTo(403);
        assertThat(exists(blob)).isFalse();
        assertThat(put(url.url(), "untampered").statusCode()).isEqualTo(201);
    }

    @Test
    void expiredUrl_isRefused() throws Exception {
        BlobRef blob = newBlob();
        // signed by an instance whose clock is two hours behind: the URL's se is already past
        MutableClock past = new MutableClock(Instant.now().minus(Duration.ofHours(2)));
        SignedUrl url = store(past).writeUrl(blob, Duration.ofMinutes(15));

        assertThat(Instant.parse(query(url.url()).get("se"))).isEqualTo(url.expiresAt())
                .isBefore(Instant.now().minus(Duration.ofMinutes(100)));
        assertThat(put(url.url(), "too late").statusCode()).isEqualTo(403);
        assertThat(exists(blob)).isFalse();
    }

    @Test
    void delegationKey_isFetchedOnce_andReusedForLaterUrls() throws Exception {
        AzureBlobStore store = store(Clock.systemUTC());
        int before = delegationKeyRequests.get();
        SignedUrl first = store.writeUrl(newBlob(), Duration.ofMinutes(15));
        SignedUrl second = store.writeUrl(newBlob(), Duration.ofMinutes(15));

        assertThat(delegationKeyRequests.get() - before).isEqualTo(1);
        assertThat(query(first.url()).get("skt")).isEqualTo(query(second.url()).get("skt"));
        assertThat(put(second.url(), "second").statusCode()).isEqualTo(201);
    }

    @Test
    void move_usesADelegationSasAsTheCopySource() {
        AzureBlobStore store = store(Clock.systemUTC());
        BlobRef blob = newBlob();
        store.create(blob, "keep me".getBytes(StandardCharsets.UTF_8), "application/pdf");

        assertThat(store.move(blob.name(), CONTAINER, "deleted-files")).isTrue();

        assertThat(content(new BlobRef("deleted-files", blob.name()))).isEqualTo("keep me");
        assertThat(exists(blob)).isFalse();
    }

    @Test
    void bearerTokens_withAnotherAudienceOrIssuer_areRefused() {
        // Azurite's basic OAuth check: what a token for the wrong resource (here Key Vault) gets
        FakeEntraCredential other = FakeEntraCredential.random();
        BlobServiceClient wrongAudience = new com.azure.storage.blob.BlobServiceClientBuilder()
                .endpoint(services.azurite().blobEndpoint()).httpClient(tls.azureClient())
                .credential(request -> other.getToken(new TokenRequestContext().addScopes("https://vault.azure.net/.default")))
                .buildClient();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> wrongAudience.getUserDelegationKey(
                        java.time.OffsetDateTime.now(), java.time.OffsetDateTime.now().plusHours(1)))
                .isInstanceOfSatisfying(com.azure.storage.blob.models.BlobStorageException.class,
                        e -> {
                            assertThat(e.getStatusCode()).isEqualTo(403);
                            assertThat(e.getErrorCode().toString()).isEqualTo("AuthenticationFailed");
                        });
    }

    // ---- helpers

    private static SecretResolver noSecrets() {
        return new SecretResolver(Map.of(), Optional.empty(), Duration.ZERO, uri -> {
            throw new AssertionError("no vault");
        }, Clock.systemUTC());
    }

    /** Counts Get User Delegation Key requests on their way out. */
    private static HttpClient counting(HttpClient inner) {
        return new HttpClient() {
            @Override
            public Mono<HttpResponse> send(HttpRequest request) {
                note(request);
                return inner.send(request);
            }

            @Override
            public Mono<HttpResponse> send(HttpRequest request, Context context) {
                note(request);
                return inner.send(request, context);
            }

            @Override
            public HttpResponse sendSync(HttpRequest request, Context context) {
                note(request);
                return inner.sendSync(request, context);
            }

            private void note(HttpRequest request) {
                String query = request.getUrl().getQuery();
                if (query != null && query.contains("comp=userdelegationkey")) {
                    delegationKeyRequests.incrementAndGet();
                }
            }
        };
    }

    private static java.net.http.HttpResponse<String> put(URI url, String body) throws Exception {
        return browser.send(java.net.http.HttpRequest.newBuilder(url).header("x-ms-blob-type", "BlockBlob")
                .header("Content-Type", "application/pdf").PUT(BodyPublishers.ofString(body)).build(),
                BodyHandlers.ofString());
    }

    private static java.net.http.HttpResponse<String> get(URI url) throws Exception {
        return browser.send(java.net.http.HttpRequest.newBuilder(url).GET().build(), BodyHandlers.ofString());
    }

    private static java.net.http.HttpResponse<String> delete(URI url) throws Exception {
        return browser.send(java.net.http.HttpRequest.newBuilder(url).DELETE().build(), BodyHandlers.ofString());
    }

    private static Map<String, String> query(URI url) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (String pair : url.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq),
                    java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static URI replace(URI url, String name, String value) {
        StringBuilder query = new StringBuilder();
        for (String pair : url.getRawQuery().split("&")) {
            if (query.length() > 0) {
                query.append('&');
            }
            if (pair.startsWith(name + "=")) {
                query.append(name).append('=').append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
            } else {
                query.append(pair);
            }
        }
        String s = url.toString();
        return URI.create(s.substring(0, s.indexOf('?') + 1) + query);
    }

    private static URI otherBlob(URI sasUrl, String otherName) {
        String s = sasUrl.toString();
        int query = s.indexOf('?');
        String path = s.substring(0, query);
        return URI.create(path.substring(0, path.lastIndexOf('/') + 1) + otherName + s.substring(query));
    }

    private static String sibling(BlobRef blob, String name) {
        return blob.name().substring(0, blob.name().lastIndexOf('/') + 1) + name;
    }

    private static String content(BlobRef blob) {
        return service.getBlobContainerClient(blob.container()).getBlobClient(blob.name()).downloadContent()
                .toString();
    }

    private static boolean exists(BlobRef blob) {
        return service.getBlobContainerClient(blob.container()).getBlobClient(blob.name()).exists();
    }
}
