package com.aisaas.maintenance;

import com.aisaas.common.DependencyException;
import com.aisaas.config.StorageSettings;
import com.aisaas.secrets.SecretResolver;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.util.Context;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.models.QueueMessageItem;
import com.azure.storage.queue.models.QueueStorageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PoisonQueue} on Azure Queue Storage: the queue {@value PoisonQueue#NAME} of the uploads account, the
 * account of the blob trigger's {@code UploadsStorage} connection (where the host writes it). Messages are Base64, as
 * the host's queue clients write them.
 */
public final class AzurePoisonQueue implements PoisonQueue {

    /** The most messages one receive call returns (a Queue Storage limit). */
    static final int MAX_PER_CALL = 32;
    private static final Logger log = LoggerFactory.getLogger(AzurePoisonQueue.class);

    private final QueueClient queue;

    public AzurePoisonQueue(QueueClient queue) {
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    /**
     * The uploads account's poison queue: with the identity at {@code UploadsStorage__queueServiceUri} (Azure), or from
     * the {@code UploadsStorage} connection string when it names a queue endpoint ({@code QueueEndpoint=} or
     * {@code UseDevelopmentStorage=true}); otherwise {@link PoisonQueue#none()}, logged once.
     */
    public static PoisonQueue connect(StorageSettings settings, SecretResolver secrets, HttpClient httpClient,
                                      Supplier<TokenCredential> credential) {
        QueueClientBuilder builder = new QueueClientBuilder()
                .queueName(NAME)
                .messageEncoding(QueueMessageEncoding.BASE64)
                .httpClient(httpClient)
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 3, 30, 200L, 2000L, null));
        if (settings.usesManagedIdentity()) {
            if (settings.queueServiceUri().isEmpty()) {
                log.warn("the poison queue is not read: UploadsStorage__queueServiceUri is not set");
                return PoisonQueue.none();
            }
            builder.endpoint(settings.queueServiceUri().get().toString()).credential(credential.get());
            log.info("poison queue {} at {} with DefaultAzureCredential", NAME, settings.queueServiceUri().get());
        } else {
            String connectionString = secrets.setting(StorageSettings.CONNECTION).orElse("");
            String lower = connectionString.toLowerCase(Locale.ROOT);
            if (!lower.contains("queueendpoint=") && !lower.contains("usedevelopmentstorage=true")) {
                log.warn("the poison queue is not read: the UploadsStorage connection string names no QueueEndpoint");
                return PoisonQueue.none();
            }
            builder.connectionString(connectionString);
            log.info("poison queue {} from the UploadsStorage connection string", NAME);
        }
        return new AzurePoisonQueue(builder.buildClient());
    }

    /** Whether the queue was seen to exist (it is never deleted once created). */
    private volatile boolean exists;

    @Override
    public List<Message> receive(int max, Duration visibility) {
        List<Message> received = new ArrayList<>();
        try {
            if (!exists) {
                // the host creates the queue with its first poison message; until then there is nothing to read (and
                // a receive would be a 404 the SDK logs as an error every sweep)
                try {
                    queue.getPropertiesWithResponse(null, Context.NONE);
                    exists = true;
                } catch (RuntimeException e) {
                    if (queueNotFound(e)) {
                        return received;
                    }
                    throw e;
                }
            }
            while (received.size() < max) {
                int asked = Math.min(MAX_PER_CALL, max - received.size());
                int before = received.size();
                for (QueueMessageItem item : queue.receiveMessages(asked, visibility, Duration.ofSeconds(10),
                        Context.NONE)) {
                    received.add(new Message(item.getMessageId(), item.getPopReceipt(),
                            item.getBody() == null ? "" : item.getBody().toString(), item.getDequeueCount(),
                            item.getInsertionTime() == null ? null : item.getInsertionTime().toInstant()));
                }
                if (received.size() - before < asked) {
                    break; // the queue has no more visible messages
                }
            }
            return received;
        } catch (RuntimeException e) {
            if (queueNotFound(e)) {
                return received; // no poison message was ever written
            }
            throw translate(e, "receive from " + NAME);
        }
    }

    /**
     * Whether Storage answered 404 (the queue does not exist: the host creates it with its first poison message). A
     * call with a timeout gets the service's answer wrapped in the executor's exception, so the whole chain is read.
     */
    private static boolean queueNotFound(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof QueueStorageException storage && storage.getStatusCode() == 404) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void delete(Message message) {
        try {
            queue.deleteMessageWithResponse(message.id(), message.popReceipt(), Duration.ofSeconds(10), Context.NONE);
        } catch (RuntimeException e) {
            if (!queueNotFound(e)) {
                throw translate(e, "delete from " + NAME);
            }
        }
    }

    private static DependencyException translate(RuntimeException e, String operation) {
        boolean retryable = true;
        String summary = e.getClass().getSimpleName();
        if (e instanceof ClientAuthenticationException) {
            retryable = false;
        } else if (e instanceof HttpResponseException http && http.getResponse() != null) {
            int status = http.getResponse().getStatusCode();
            retryable = status == 408 || status == 429 || status >= 500;
            summary = "HTTP " + status;
        }
        return new DependencyException(COMPONENT, retryable, operation + " failed: " + summary, e);
    }

    @Override
    public String toString() {
        return "poison queue " + queue.getQueueUrl();
    }
}
