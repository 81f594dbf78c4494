package com.aisaas.devhost.host.storage;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import java.util.Locale;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The host's own Blob clients, one per connection setting (docs/functions-host.md §3, §6): the
 * setting's value is a connection string. {@code <name>__blobServiceUri} (managed identity) is recognised but not
 * served by the devhost itself, which locally always has a connection string — the app's SDK-type binding does support
 * it (see {@code host.blob.SdkBlobClients}). {@code AzureWebJobsStorage} is the host storage (receipts, poison messages, watcher
 * state).
 */
public final class StorageClients {

    public static final String HOST_STORAGE = "AzureWebJobsStorage";

    private final Map<String, String> environment;
    private final HttpClient http;
    private final Map<String, BlobServiceClient> clients = new ConcurrentHashMap<>();

    public StorageClients(Map<String, String> environment) {
        this.environment = environment;
        this.http = new JdkHttpClientBuilder().connectionTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * The connection string of a connection setting, or empty when the setting is absent or blank. The name is looked up
     * as the WebJobs SDK does ({@code GetWebJobsConnectionStringSection}, docs/functions-host.md §3.1): first with the
     * prefix, {@code AzureWebJobs<name>}, then as given, each as {@code ConnectionStrings__<name>} before {@code <name>};
     * no name means {@code Storage}, hence {@code AzureWebJobsStorage}.
     */
    public Optional<String> connectionString(String connection) {
        String name = connection == null || connection.isBlank() ? "Storage" : connection.trim();
        for (String candidate : new String[] {"AzureWebJobs" + name, name}) {
            for (String key : new String[] {"ConnectionStrings__" + candidate, candidate}) {
                String value = environment.get(key);
                if (value != null && !value.isBlank()) {
                    return Optional.of(value.trim());
                }
            }
        }
        return Optional.empty();
    }

    /** A client for the account of {@code connection}, or empty when it has no connection string. */
    public Optional<BlobServiceClient> forConnection(String connection) {
        String name = connection == null || connection.isBlank() ? HOST_STORAGE : connection;
        Optional<String> connectionString = connectionString(name);
        if (connectionString.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(clients.computeIfAbsent(name, key -> build(connectionString.get())));
    }

    /** {@code AzureWebJobsStorage}, else the given fallback connection. */
    public Optional<BlobServiceClient> hostStorage(String fallbackConnection) {
        Optional<BlobServiceClient> host = forConnection(HOST_STORAGE);
        return host.isPresent() ? host : forConnection(fallbackConnection);
    }

    /**
     * A client for the queue {@code queueName} in the account of {@code connection} (else the host storage, as the
     * host falls back to {@code AzureWebJobsStorage}), or empty when that account has no queue service this host can
     * reach. The blob trigger's poison queue lives there: in the trigger's own account (docs/functions-host.md §3.3).
     */
    public Optional<QueueClient> queue(String connection, String queueName) {
        Optional<String> connectionString = connectionString(connection);
        if (connectionString.isEmpty()) {
            connectionString = connectionString(HOST_STORAGE);
        }
        if (connectionString.isEmpty() || !hasQueueService(connectionString.get())) {
            return Optional.empty();
        }
        return Optional.of(queueClient(connectionString.get(), queueName));
    }

    /**
     * A client for the queue {@code queueName} in the host storage ({@code AzureWebJobsStorage}, else the fallback
     * connection), or empty when that account has no queue service this host can reach: its connection string names a
     * blob endpoint but no {@code QueueEndpoint}. Messages are Base64-encoded, as the host's queue clients write them
     * (docs/functions-host.md §3.3).
     */
    public Optional<QueueClient> hostQueue(String fallbackConnection, String queueName) {
        Optional<String> connectionString = connectionString(HOST_STORAGE);
        if (connectionString.isEmpty()) {
            connectionString = connectionString(fallbackConnection);
        }
        if (connectionString.isEmpty() || !hasQueueService(connectionString.get())) {
            return Optional.empty();
        }
        return Optional.of(queueClient(connectionString.get(), queueName));
    }

    private QueueClient queueClient(String connectionString, String queueName) {
        return new QueueClientBuilder()
                .connectionString(connectionString)
                .queueName(queueName)
                .httpClient(http)
                .messageEncoding(QueueMessageEncoding.BASE64)
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 3, Duration.ofSeconds(30),
                        Duration.ofMillis(100), Duration.ofSeconds(2), null))
                .buildClient();
    }

    /**
     * Whether a connection string reaches a queue service: it names a {@code QueueEndpoint}, is the emulator's
     * {@code UseDevelopmentStorage=true}, or names no endpoint at all (an Azure account, endpoints from its name).
     */
    static boolean hasQueueService(String connectionString) {
        String lower = connectionString.toLowerCase(Locale.ROOT);
        if (lower.contains("queueendpoint=") || lower.contains("usedevelopmentstorage=true")) {
            return true;
        }
        return !lower.contains("blobendpoint=") && !lower.contains("tableendpoint=") && !lower.contains("fileendpoint=");
    }

    /** Why {@code connection} cannot be used, for messages. */
    public String describeMissing(String connection) {
        String name = connection == null || connection.isBlank() ? HOST_STORAGE : connection;
        String uri = environment.get(name + "__blobServiceUri");
        if (uri != null && !uri.isBlank()) {
            return "connection '" + name + "' is identity-based (" + name + "__blobServiceUri); the devhost reads blobs "
                    + "with connection strings only";
        }
        return "connection setting '" + name + "' is not set";
    }

    private BlobServiceClient build(String connectionString) {
        return new BlobServiceClientBuilder()
                .connectionString(connectionString)
                .httpClient(http)
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 3, Duration.ofSeconds(30),
                        Duration.ofMillis(100), Duration.ofSeconds(2), null))
                .buildClient();
    }
}
