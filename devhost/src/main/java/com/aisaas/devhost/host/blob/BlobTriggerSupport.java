package com.aisaas.devhost.host.blob;

import com.aisaas.devhost.host.eventgrid.EventJson;
import com.aisaas.devhost.host.eventgrid.WebhookResult;
import com.aisaas.devhost.host.eventgrid.WebhookTarget;
import com.aisaas.devhost.host.storage.HostStorage;
import com.aisaas.devhost.host.storage.StorageClients;
import com.aisaas.devhost.host.worker.BindingException;
import com.aisaas.devhost.host.worker.BindingMetadata;
import com.aisaas.devhost.host.worker.Invocations;
import com.aisaas.devhost.host.worker.Json;
import com.aisaas.devhost.host.worker.LoadedFunction;
import com.aisaas.devhost.host.worker.ParameterBinder;
import com.aisaas.devhost.host.worker.QueryValues;
import com.aisaas.devhost.host.worker.TriggerSupport;
import com.aisaas.devhost.host.worker.Types;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobUrlParts;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.queue.QueueClient;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.microsoft.azure.functions.annotation.BlobTrigger;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code blobTrigger} functions with {@code "source": "EventGrid"} (docs/functions-host.md §3), reached through
 * {@code /runtime/webhooks/blobs?functionName=Host.Functions.<Name>} with the {@code blobs_extension} system key. A
 * Notification turns EVERY event into a {@link BlobTriggerMessage} (container and blob from {@code data.url}) and is
 * answered 202 once they are on the host's blob-trigger queue ({@link StorageBlobTriggerQueue}, a storage queue that outlives the
 * host process); the messages then run from there: the blob is read again (gone: skipped), the
 * blob receipt for its current eTag is claimed when {@code DEVHOST_BLOB_RECEIPTS=true} ({@link BlobReceipts}; already
 * completed: skipped; off by default, as on Azure's EventGrid path), and the function is
 * invoked; failures are retried up to host.json's poisonBlobThreshold tries (5 by default), then a poison message is written to
 * the queue {@code webjobs-blobtrigger-poison} in the trigger's account.
 *
 * <p>The trigger parameter (annotated {@code @BlobTrigger}, or {@code @BindingName} of the binding's name) is bound by its
 * Java type (docs/functions-host.md §6): {@code BlobClient}/{@code BlobContainerClient} get an SDK client built in the app's class loader
 * ({@link SdkBlobClients}); {@code byte[]} the content; {@code String} the content as UTF-8; other types Gson from that
 * text. Functions with another source (polling) are not served.
 */
public final class BlobTriggerSupport implements TriggerSupport, WebhookTarget, AutoCloseable {

    public static final String TYPE = "blobTrigger";
    static final String EXTENSION = "blobs";
    public static final String POISON_CONTAINER = "webjobs-blobtrigger-poison";
    /**
     * {@code true} turns blob receipts on: one invocation per blob eTag and function. Off by default, as on Azure's EventGrid
     * path, where every delivery invokes (docs/functions-host.md §3.4).
     */
    static final String RECEIPTS_ENV = "DEVHOST_BLOB_RECEIPTS";

    /**
     * Seconds a received blob-trigger message stays invisible, renewed at half of it while it runs: also how long the work
     * of a host that died stays away before another run takes it. The host uses 10 minutes; 60 s here, so a restarted
     * devhost resumes soon (docs/functions-host.md §3.3).
     */
    static final String VISIBILITY_ENV = "DEVHOST_BLOB_QUEUE_VISIBILITY_SECONDS";
    static final Duration DEFAULT_VISIBILITY = Duration.ofSeconds(60);
    private static final Duration BUSY_DELAY = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(BlobTriggerSupport.class);
    private static final DateTimeFormatter POISON_NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'", Locale.ROOT);

    private final String systemKey;
    private final StorageClients storage;
    private final SdkBlobClients sdk;
    private final String hostId;
    private final boolean receiptsEnabled;
    private final Consumer<String> functionLog;
    private final Duration drainTimeout;
    private final Map<String, Registration> byName = new LinkedHashMap<>();
    private final Map<String, BlobReceipts> receipts = new ConcurrentHashMap<>();
    private final Map<String, Boolean> poisonContainers = new ConcurrentHashMap<>();
    private final Duration retryDelay;
    private final int maxDequeueCount;
    private final Duration visibility;
    private volatile BlobTriggerQueue queue;

    /** A served function: its path pattern and connection setting. */
    public record Registration(LoadedFunction function, BlobPathPattern path, String connection) {
    }

    public BlobTriggerSupport(String systemKey, Map<String, String> environment, String hostId, Consumer<String> functionLog,
                       Duration drainTimeout, Duration retryDelay, int maxDequeueCount) {
        this.systemKey = systemKey;
        this.storage = new StorageClients(environment);
        this.sdk = new SdkBlobClients(environment, storage);
        this.hostId = hostId;
        this.receiptsEnabled = "true".equalsIgnoreCase(String.valueOf(environment.get(RECEIPTS_ENV)).trim());
        this.functionLog = functionLog;
        this.drainTimeout = drainTimeout;
        this.retryDelay = retryDelay;
        this.maxDequeueCount = maxDequeueCount;
        this.visibility = visibility(environment);
    }

    /** {@value #VISIBILITY_ENV}: seconds, at least 1; default {@link #DEFAULT_VISIBILITY}. */
    static Duration visibility(Map<String, String> environment) {
        String value = environment.get(VISIBILITY_ENV);
        if (value == null || value.isBlank()) {
            return DEFAULT_VISIBILITY;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds >= 1) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(VISIBILITY_ENV + " must be a whole number of seconds, at least 1: '" + value + "'");
    }

    /**
     * Opens the blob-trigger queue and starts running its messages, those an earlier run left included. Called once every
     * function is attached, before the webhook is served. The queue is the storage queue
     * {@code azure-webjobs-blobtrigger-<host id>} in the host storage ({@code AzureWebJobsStorage}, else the first
     * function's connection); a host storage without a queue service gets the in-memory queue, which a restart empties.
     */
    public synchronized void start() {
        if (queue != null) {
            return;
        }
        String fallback = byName.isEmpty() ? null : byName.values().iterator().next().connection();
        String name = StorageBlobTriggerQueue.queueName(hostId);
        Optional<QueueClient> client = storage.hostQueue(fallback, name);
        if (client.isPresent()) {
            queue = new StorageBlobTriggerQueue(client.get(), this::process, this::poison, maxDequeueCount, visibility, BUSY_DELAY);
            LOG.info("blob trigger queue: '{}' in the host storage (visibility timeout {} s)", name, visibility.toSeconds());
        } else {
            queue = new MemoryBlobTriggerQueue(this::process, this::poison, retryDelay, BUSY_DELAY, maxDequeueCount);
            LOG.warn("the host storage has no queue service (its connection string names no QueueEndpoint): blob trigger "
                    + "messages are kept in memory and lost when the host stops");
        }
        queue.start();
    }

    @Override
    public String bindingType() {
        return TYPE;
    }

    @Override
    public ParameterBinder triggerParameter(Parameter parameter, BindingMetadata trigger) {
        if (!TriggerSupport.receivesTrigger(parameter, trigger, BlobTrigger.class)) {
            return null;
        }
        Class<?> type = parameter.getType();
        if (SdkBlobClients.isSdkType(type)) {
            return (context, input) -> {
                BlobTriggerInput blob = (BlobTriggerInput) input;
                return sdk.client(type, blob.connection(), blob.container(), blob.blobName());
            };
        }
        if (type == byte[].class) {
            return (context, input) -> ((BlobTriggerInput) input).content();
        }
        if (type == Byte[].class) {
            return (context, input) -> {
                byte[] bytes = ((BlobTriggerInput) input).content();
                Byte[] boxed = new Byte[bytes.length];
                for (int i = 0; i < bytes.length; i++) {
                    boxed[i] = bytes[i];
                }
                return boxed;
            };
        }
        Type declared = parameter.getParameterizedType();
        boolean optional = Types.isOptional(declared);
        Type target = optional ? Types.argumentOf(declared, Optional.class) : declared;
        Class<?> raw = Types.rawClass(target);
        boolean text = raw == String.class || raw == Object.class || raw == CharSequence.class;
        return (context, input) -> {
            String content = new String(((BlobTriggerInput) input).content(), StandardCharsets.UTF_8);
            Object value;
            if (text) {
                value = content;
            } else {
                try {
                    value = Json.GSON.fromJson(content, target);
                } catch (JsonParseException e) {
                    throw new BindingException("cannot convert the blob content to " + target.getTypeName() + ": " + e.getMessage(), e);
                }
            }
            return optional ? Optional.ofNullable(value) : value;
        };
    }

    /** @throws IllegalArgumentException for a source other than EventGrid or an invalid path */
    @Override
    public synchronized void attach(LoadedFunction function) {
        BindingMetadata trigger = function.trigger();
        String source = trigger.property("source");
        if (!"EventGrid".equalsIgnoreCase(source)) {
            throw new IllegalArgumentException("source '" + (source == null ? "LogsAndContainerScan" : source)
                    + "' is not served by the devhost; set source = \"EventGrid\"");
        }
        BlobPathPattern path = BlobPathPattern.parse(trigger.property("path"));
        String connection = trigger.property("connection");
        byName.put(function.name(), new Registration(function, path,
                connection == null || connection.isBlank() ? StorageClients.HOST_STORAGE : connection.trim()));
    }

    @Override
    public synchronized String describe(LoadedFunction function, String baseUrl) {
        Registration registration = byName.get(function.name());
        return "blobTrigger " + (registration == null ? "" : registration.path() + " ") + "(EventGrid) [POST] " + baseUrl
                + webhookPath(function) + " (" + EXTENSION + "_extension key)";
    }

    @Override
    public String extension() {
        return EXTENSION;
    }

    @Override
    public String systemKey() {
        return systemKey;
    }

    /** {@code functionName} is the function id, {@code Host.Functions.<Name>}. */
    @Override
    public synchronized LoadedFunction find(String functionName) {
        if (!functionName.startsWith(HostStorage.FUNCTION_ID_PREFIX)) {
            return null;
        }
        Registration registration = byName.get(functionName.substring(HostStorage.FUNCTION_ID_PREFIX.length()));
        return registration == null ? null : registration.function();
    }

    /** Blob-trigger messages accepted and not yet done: running, waiting, or waiting for a retry. */
    public int backlog() {
        return queue.pending();
    }

    public synchronized List<Registration> registrations() {
        return new ArrayList<>(byName.values());
    }

    public StorageClients storage() {
        return storage;
    }

    @Override
    public String webhookPath(LoadedFunction function) {
        return "/runtime/webhooks/" + EXTENSION + "?functionName=" + QueryValues.encode(HostStorage.FUNCTION_ID_PREFIX + function.name());
    }

    @Override
    public WebhookResult notify(LoadedFunction function, String functionName, List<JsonElement> events) {
        List<BlobTriggerMessage> messages = new ArrayList<>(events.size());
        for (JsonElement event : events) {
            try {
                messages.add(message(event, functionName));
            } catch (IllegalArgumentException e) {
                LOG.warn("blob webhook for '{}': {}", functionName, e.getMessage());
                return WebhookResult.text(500, e.getMessage());
            }
        }
        Registration registration;
        synchronized (this) {
            registration = byName.get(function.name());
        }
        if (registration != null && storage.connectionString(registration.connection()).isEmpty()) {
            // The real host does not even start such a function ("Storage account connection string ... does not exist").
            String reason = storage.describeMissing(registration.connection());
            LOG.error("blob trigger '{}' cannot run: {}", function.name(), reason);
            return WebhookResult.text(500, reason);
        }
        BlobTriggerQueue target = queue;
        if (target == null) {
            return WebhookResult.text(503, "the host is starting");
        }
        // Every message is on the queue before the answer: a host that dies after 202 loses nothing.
        for (BlobTriggerMessage message : messages) {
            try {
                if (!target.enqueue(message)) {
                    return WebhookResult.text(503, "the host is stopping");
                }
            } catch (RuntimeException e) {
                LOG.error("blob webhook for '{}': cannot enqueue '{}': {}", functionName, message.path(), e.toString());
                return WebhookResult.text(503, "the blob trigger queue is unavailable: " + e.getMessage());
            }
        }
        return WebhookResult.empty(202);
    }

    /** BlobsExtensionConfigProvider.GetBlobTriggerMessage: no event-type filter; {@code data.url}, blobType and eTag are required. */
    static BlobTriggerMessage message(JsonElement event, String functionId) {
        JsonObject data = EventJson.data(event);
        if (data == null) {
            throw new IllegalArgumentException("event " + EventJson.string(event, "id") + " has no data object");
        }
        String url = EventJson.string(data, "url");
        String blobType = EventJson.string(data, "blobType");
        if (url == null || blobType == null) {
            throw new IllegalArgumentException("event " + EventJson.string(event, "id") + " has no data.url or data.blobType");
        }
        BlobUrlParts parts;
        try {
            parts = BlobUrlParts.parse(url);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("event " + EventJson.string(event, "id") + ": bad data.url '" + url + "'", e);
        }
        if (parts.getBlobContainerName() == null || parts.getBlobName() == null) {
            throw new IllegalArgumentException("event " + EventJson.string(event, "id") + ": data.url '" + url + "' names no blob");
        }
        String eTag = EventJson.string(data, "eTag");
        return BlobTriggerMessage.of(functionId, blobType.replace("Blob", ""), parts.getBlobContainerName(), parts.getBlobName(),
                "\"" + BlobReceipts.unquote(eTag == null ? "" : eTag) + "\"");
    }

    /** One try of a message (the queue's processor). */
    BlobTriggerQueue.Outcome process(BlobTriggerMessage message, int dequeueCount) {
        Registration registration;
        synchronized (this) {
            registration = message.functionId().startsWith(HostStorage.FUNCTION_ID_PREFIX)
                    ? byName.get(message.functionId().substring(HostStorage.FUNCTION_ID_PREFIX.length())) : null;
        }
        if (registration == null) {
            LOG.warn("blob trigger message for unknown function '{}' ignored", message.functionId());
            return BlobTriggerQueue.Outcome.DONE;
        }
        Map<String, String> tokens = registration.path().match(message.containerName(), message.blobName());
        if (tokens == null) {
            LOG.info("blob '{}' does not match the path '{}' of '{}': skipped", message.path(), registration.path(),
                    registration.function().name());
            return BlobTriggerQueue.Outcome.DONE;
        }
        Optional<BlobServiceClient> account = storage.forConnection(registration.connection());
        if (account.isEmpty()) {
            LOG.error("function '{}' cannot read blob '{}': {}", registration.function().name(), message.path(),
                    storage.describeMissing(registration.connection()));
            return BlobTriggerQueue.Outcome.FAILED;
        }
        BlobClient blob = account.get().getBlobContainerClient(message.containerName()).getBlobClient(message.blobName());
        BlobProperties properties;
        try {
            properties = blob.getProperties();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                LOG.info("blob '{}' no longer exists: '{}' skipped", message.path(), registration.function().name());
                return BlobTriggerQueue.Outcome.DONE;
            }
            throw e;
        }
        BlobReceipts.Claim claim = null;
        ScheduledFuture<?> renewal = null;
        if (receiptsEnabled) {
            BlobReceipts receiptStore = receipts(registration);
            if (receiptStore == null) {
                LOG.error("no host storage for blob receipts of '{}': {}", registration.function().name(),
                        storage.describeMissing(StorageClients.HOST_STORAGE));
                return BlobTriggerQueue.Outcome.FAILED;
            }
            claim = receiptStore.claim(message.functionId(), properties.getETag(), message.containerName(), message.blobName());
            if (claim.state() == BlobReceipts.State.COMPLETED) {
                LOG.debug("blob '{}' (eTag {}) was already processed by '{}': skipped", message.path(), properties.getETag(),
                        registration.function().name());
                return BlobTriggerQueue.Outcome.DONE;
            }
            if (claim.state() == BlobReceipts.State.BUSY) {
                return BlobTriggerQueue.Outcome.BUSY;
            }
            BlobReceipts.Claim held = claim;
            long every = BlobReceipts.LEASE_SECONDS * 1000L / 3;
            renewal = queue.timer().scheduleAtFixedRate(() -> renew(receiptStore, held), every, every, TimeUnit.MILLISECONDS);
        }
        Throwable failure;
        try {
            failure = Invocations.run(registration.function(), new BlobTriggerInput(blob, properties, registration.connection(),
                    message.containerName(), message.blobName(), tokens), functionLog,
                    "blob " + message.path() + ", try " + dequeueCount + " of " + queue.maxDequeueCount());
        } finally {
            if (renewal != null) {
                renewal.cancel(false);
            }
        }
        if (claim != null) {
            BlobReceipts receiptStore = receipts(registration);
            try {
                if (failure == null) {
                    receiptStore.complete(claim, message.id());
                } else {
                    receiptStore.release(claim);
                }
            } catch (RuntimeException e) {
                LOG.warn("blob receipt of '{}' for '{}' not updated: {}", message.path(), registration.function().name(), e.toString());
            }
        }
        return failure == null ? BlobTriggerQueue.Outcome.DONE : BlobTriggerQueue.Outcome.FAILED;
    }

    private static void renew(BlobReceipts receiptStore, BlobReceipts.Claim claim) {
        try {
            receiptStore.renew(claim);
        } catch (RuntimeException e) {
            LOG.warn("cannot renew the blob receipt lease: {}", e.toString());
        }
    }

    private BlobReceipts receipts(Registration registration) {
        return receipts.computeIfAbsent(registration.connection(),
                connection -> storage.hostStorage(connection).map(client -> new BlobReceipts(client, hostId)).orElse(null));
    }

    /**
     * Writes the poison message where the host does: on the queue {@value #POISON_CONTAINER} in the account of the
     * trigger's connection (Base64, the body of §3.3), where the app's upload sweeper reads it. An account without a
     * queue service this host can reach (a connection string with a blob endpoint and no {@code QueueEndpoint}) gets
     * it as a JSON blob in the container of that name in the host storage instead. A failure to write is thrown: the
     * queue then keeps the message, which comes back.
     */
    void poison(BlobTriggerMessage message) {
        String connection = null;
        synchronized (this) {
            if (message.functionId().startsWith(HostStorage.FUNCTION_ID_PREFIX)) {
                Registration registration = byName.get(message.functionId().substring(HostStorage.FUNCTION_ID_PREFIX.length()));
                connection = registration == null ? null : registration.connection();
            }
        }
        Optional<QueueClient> poisonQueue = storage.queue(connection, POISON_CONTAINER);
        if (poisonQueue.isPresent()) {
            if (poisonContainers.putIfAbsent("queue@" + connection, Boolean.TRUE) == null) {
                poisonQueue.get().createIfNotExists();
            }
            poisonQueue.get().sendMessage(message.toJson());
            LOG.error("poison message written to queue {} for '{}' (blob '{}')", POISON_CONTAINER, message.functionId(),
                    message.path());
            return;
        }
        Optional<BlobServiceClient> hostStorage = storage.hostStorage(connection);
        if (hostStorage.isEmpty()) {
            LOG.error("poison message for '{}' ({}) not written: {}", message.functionId(), message.path(),
                    storage.describeMissing(StorageClients.HOST_STORAGE));
            return;
        }
        BlobContainerClient container = hostStorage.get().getBlobContainerClient(POISON_CONTAINER);
        if (poisonContainers.putIfAbsent(POISON_CONTAINER + "@" + connection, Boolean.TRUE) == null) {
            container.createIfNotExists();
        }
        String name = POISON_NAME_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-" + message.id() + ".json";
        container.getBlobClient(name).uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromString(message.toJson()))
                .setHeaders(new BlobHttpHeaders().setContentType("application/json; charset=utf-8")), null, null);
        LOG.error("poison message {}/{} written for '{}' (blob '{}'): the account has no queue service", POISON_CONTAINER,
                name, message.functionId(), message.path());
    }

    @Override
    public void close() {
        BlobTriggerQueue open = queue;
        if (open != null) {
            open.close(drainTimeout);
        }
    }
}
