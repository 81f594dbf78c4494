package com.aisaas.app;

import com.aisaas.cache.Redis;
import com.aisaas.common.DependencyException;
import com.aisaas.config.AppEnvironment;
import com.aisaas.config.AppSettings;
import com.aisaas.db.Database;
import com.aisaas.events.EventGridTopicPublisher;
import com.aisaas.resilience.CircuitBreaker;
import com.aisaas.resilience.ProbeScheduler;
import com.aisaas.secrets.SecretResolver;
import com.aisaas.storage.AzureBlobStore;
import com.aisaas.storage.BlobStorage;
import com.aisaas.telemetry.Metrics;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.DefaultAzureCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's connections to the outside, built on first use, once, thread-safely, from the settings: the
 * PostgreSQL pools (runtime and maintenance role, behind their circuit breaker), Redis, Blob Storage, the Event Grid
 * topic, Key Vault (through the secret resolver), and the HTTP client and credential they share. {@link AppContext}
 * wires the services on top of them; nothing here knows a feature.
 *
 * <p>Creating it builds nothing and reads no setting. A client whose build failed (say the database was down
 * during migrations) is built again on the next call.
 */
final class Clients implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Clients.class);

    private final Map<String, String> env;
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();

    private final Lazy<AppSettings> settings;
    private final Lazy<HttpClient> httpClient;
    private final Lazy<DefaultAzureCredential> credential;
    private final Lazy<SecretResolver> secrets;
    private final Lazy<Database> database;
    private final Lazy<Database> maintenanceDatabase;
    private final Lazy<Redis> redis;
    private final Lazy<BlobStorage> blobStorage;
    private final Lazy<com.aisaas.maintenance.PoisonQueue> poisonQueue;
    private final Lazy<AzureBlobStore> blobStore;
    private final Lazy<Optional<EventGridTopicPublisher>> eventGridTopic;

    Clients(Map<String, String> env, Clock clock) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = new Lazy<>(() -> AppSettings.from(this.env));
        this.httpClient = new Lazy<>(() -> new JdkHttpClientBuilder()
                .connectionTimeout(Duration.ofSeconds(10))
                .build());
        this.credential = new Lazy<>(this::buildCredential);
        this.secrets = new Lazy<>(this::buildSecrets);
        this.database = new Lazy<>(this::buildDatabase);
        this.maintenanceDatabase = new Lazy<>(() -> {
            database(); // the runtime pool migrates the schema first
            return Database.connectMaintenance(settings().database(), secrets(), Metrics.registry(),
                    settings().azureClientId(), this.clock);
        });
        this.redis = new Lazy<>(() -> Redis.connect(
                settings().redis().orElseThrow(() -> notConfigured(Redis.COMPONENT, "REDIS_URL")),
                secrets(), credential, settings().resilience().breaker(), this.clock));
        this.blobStorage = new Lazy<>(() -> BlobStorage.connect(
                settings().storage().orElseThrow(() -> notConfigured(BlobStorage.COMPONENT,
                        "UploadsStorage or UploadsStorage__blobServiceUri")),
                secrets(), httpClient.get(), credential::get));
        this.blobStore = new Lazy<>(this::buildBlobStore);
        // the blob trigger's poison queue lives in the uploads account, next to the blobs (docs/reliability.md §4)
        this.poisonQueue = new Lazy<>(() -> settings().storage()
                .map(st -> com.aisaas.maintenance.AzurePoisonQueue.connect(st, secrets(), httpClient.get(), credential::get))
                .orElseGet(com.aisaas.maintenance.PoisonQueue::none));
        this.eventGridTopic = new Lazy<>(() -> settings().processing().topicEndpoint()
                .map(endpoint -> EventGridTopicPublisher.create(endpoint, credential.get(), httpClient.get())));
    }

    /** The validated settings (read on the first call). */
    AppSettings settings() {
        return settings.get();
    }

    /** Secrets by name: the environment, else Key Vault (KEYVAULT_URI), cached for SECRET_CACHE_TTL_SECONDS. */
    SecretResolver secrets() {
        return secrets.get();
    }

    /** The runtime role's database; the first call builds the pools and (DB_MIGRATE_ON_START) migrates the schema. */
    Database database() {
        return database.get();
    }

    /** The maintenance role's database (DB_MAINTENANCE_USER), built after the runtime pool has migrated. */
    Database maintenanceDatabase() {
        return maintenanceDatabase.get();
    }

    /** The Redis client; {@link DependencyException} (not retryable) when REDIS_URL is not set. */
    Redis redis() {
        return redis.get();
    }

    /** The Blob Storage client; {@link DependencyException} (not retryable) when no storage is configured. */
    BlobStorage blobStorage() {
        return blobStorage.get();
    }

    /** The blob trigger's poison queue in the uploads account; none when no queue endpoint is configured. */
    com.aisaas.maintenance.PoisonQueue poisonQueue() {
        return poisonQueue.get();
    }

    /** Blobs of the uploads storage as the features use them (SAS, content, moves). */
    AzureBlobStore blobStore() {
        return blobStore.get();
    }

    /** The Event Grid custom topic's publisher, when EVENTGRID_TOPIC_ENDPOINT is set. */
    Optional<EventGridTopicPublisher> eventGridTopic() {
        return eventGridTopic.get();
    }

    /** Whether the database pool has been built (for tests of laziness and for shutdown). */
    boolean databaseBuilt() {
        return database.peek() != null;
    }

    /** Closes the pools and clients that were built. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly("redis", redis.peek());
        closeQuietly("maintenance database", maintenanceDatabase.peek());
        closeQuietly("database", database.peek());
    }

    /**
     * The pools (and migrations, DB_MIGRATE_ON_START) behind a circuit breaker with a background probe; calls are
     * bounded by DB_REQUEST_BUDGET_MS unless a feature asks for another budget.
     */
    private Database buildDatabase() {
        AppSettings s = settings();
        Database database = Database.connect(s.database(), secrets(), Metrics.registry(), s.azureClientId(), clock);
        CircuitBreaker breaker = new CircuitBreaker(Database.COMPONENT, s.resilience().breaker(), clock,
                database.probe(), ProbeScheduler.shared());
        return database.guarded(breaker, s.resilience().requestPath());
    }

    private DefaultAzureCredential buildCredential() {
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder().httpClient(httpClient.get());
        settings().azureClientId().ifPresent(builder::managedIdentityClientId);
        return builder.build();
    }

    private SecretResolver buildSecrets() {
        AppSettings s = settings();
        return new SecretResolver(env, s.secrets().keyVaultUri(), s.secrets().cacheTtl(),
                SecretResolver.vaultClients(credential::get, httpClient::get), clock);
    }

    private AzureBlobStore buildBlobStore() {
        AppSettings s = settings();
        boolean managedIdentity = s.storage().map(st -> st.usesManagedIdentity()).orElse(false);
        return new AzureBlobStore(blobStorage().service(), managedIdentity,
                s.environment() == AppEnvironment.AZURE, clock);
    }

    private static DependencyException notConfigured(String component, String settingNames) {
        return new DependencyException(component, false, "not configured (" + settingNames + ")");
    }

    static void closeQuietly(String name, AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception | LinkageError e) {
            // LinkageError: a host may already have closed the app's class loader when shutdown hooks run
            log.warn("closing {} failed: {}", name, e.toString());
        }
    }
}
