package com.aisaas.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.common.DependencyException;
import com.aisaas.config.StorageSettings;
import com.aisaas.secrets.SecretResolver;
import com.aisaas.testing.TestServices;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobContainerItem;
import com.azure.storage.blob.models.BlobItem;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Blob client built the production way, against Azurite. */
class BlobStorageIT {

    private static BlobStorage connect(String connectionString) {
        SecretResolver secrets = new SecretResolver(Map.of("UploadsStorage", connectionString), Optional.empty(),
                Duration.ZERO, uri -> {
                    throw new AssertionError("no vault");
                }, Clock.systemUTC());
        return BlobStorage.connect(new StorageSettings(Optional.of(connectionString), Optional.empty()), secrets,
                new JdkHttpClientBuilder().build(), () -> {
                    throw new AssertionError("no credential for a connection string");
                });
    }

    @Test
    void connect_fromConnectionString_createsAndListsContainersAndBlobs() {
        BlobStorage storage = connect(TestServices.services().azurite().connectionString());
        String name = "it-" + UUID.randomUUID();
        BlobContainerClient container = storage.service().createBlobContainer(name);
        container.getBlobClient("a/b.txt").upload(BinaryData.fromString("hello"));

        assertThat(storage.service().listBlobContainers().stream().map(BlobContainerItem::getName)).contains(name);
        assertThat(container.listBlobs().stream().map(BlobItem::getName)).containsExactly("a/b.txt");
        assertThat(container.getBlobClient("a/b.txt").downloadContent().toString()).isEqualTo("hello");
    }

    @Test
    void probe_answersWhetherTheUploadsContainerExists() {
        BlobStorage storage = connect(TestServices.services().azurite().connectionString());
        storage.uploads().createIfNotExists();

        Map<String, Object> details = storage.probe(Duration.ofSeconds(2));

        assertThat(details).containsEntry("container", "uploaded-files").containsEntry("containerExists", true)
                .containsEntry("account", "devstoreaccount1");
    }

    @Test
    void probe_accountNotListening_isARetryableBlobDependencyFailure() {
        String closed = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey="
                + com.aisaas.devhost.services.LocalAzurite.ACCOUNT_KEY
                + ";BlobEndpoint=http://127.0.0.1:" + TestServices.closedPort() + "/devstoreaccount1;";
        BlobStorage storage = connect(closed);

        assertThatThrownBy(() -> storage.probe(Duration.ofSeconds(2)))
                .isInstanceOfSatisfying(DependencyException.class, e -> {
                    assertThat(e.component()).isEqualTo("blob");
                    assertThat(e.retryable()).isTrue();
                });
    }
}
