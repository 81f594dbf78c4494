package com.aisaas.devhost.host;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.models.QueueMessageItem;
import com.azure.storage.queue.models.QueueStorageException;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the blob trigger's poison queue as the host writes it (docs/functions-host.md §3.3): Base64 JSON messages on the
 * queue {@code webjobs-blobtrigger-poison} in the trigger's account. Every message is received (hidden while the read
 * goes on, so a queue of any length is read whole) and then made visible again, so a read changes nothing another test
 * sees.
 */
final class PoisonQueue {

    static final String NAME = "webjobs-blobtrigger-poison";

    private PoisonQueue() {
    }

    /** Every message on the poison queue of the account of {@code connectionString}; none when there is no queue. */
    static List<JsonObject> messages(String connectionString) {
        QueueClient queue = new QueueClientBuilder().connectionString(connectionString).queueName(NAME)
                .messageEncoding(QueueMessageEncoding.BASE64).httpClient(new JdkHttpClientBuilder().build()).buildClient();
        List<QueueMessageItem> held = new ArrayList<>();
        List<JsonObject> bodies = new ArrayList<>();
        try {
            while (true) {
                List<QueueMessageItem> batch = new ArrayList<>();
                queue.receiveMessages(32, Duration.ofMinutes(1), null, null).forEach(batch::add);
                if (batch.isEmpty()) {
                    return bodies;
                }
                held.addAll(batch);
                for (QueueMessageItem message : batch) {
                    bodies.add(JsonParser.parseString(message.getBody().toString()).getAsJsonObject());
                }
            }
        } catch (QueueStorageException e) {
            if (e.getStatusCode() == 404) {
                return List.of();
            }
            throw e;
        } finally {
            for (QueueMessageItem message : held) {
                queue.updateMessage(message.getMessageId(), message.getPopReceipt(), message.getBody().toString(),
                        Duration.ZERO);
            }
        }
    }

    /** The first message for {@code functionId} and {@code blobName}, if there is one now. */
    static JsonObject find(String connectionString, String functionId, String blobName) {
        for (JsonObject message : messages(connectionString)) {
            if (message.get("FunctionId").getAsString().equals(functionId)
                    && message.get("BlobName").getAsString().equals(blobName)) {
                return message;
            }
        }
        return null;
    }
}
