package com.aisaas.devhost.events;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * The dead-letter destination: container {@code eventgrid-deadletter} of the watched account, one blob per event at
 * {@code <ACCOUNT>/<SUBSCRIPTION>/<yyyy>/<MM>/<dd>/<HH>/<uuid>.json} (Event Grid's layout, names upper-cased), holding a
 * JSON array with the event plus deadLetterReason, deliveryAttempts, lastDeliveryOutcome, lastHttpStatusCode,
 * publishTime and lastDeliveryAttemptTime. Written at once (Azure waits about 5 minutes).
 */
final class DeadLetters {

    static final String CONTAINER = "eventgrid-deadletter";
    private static final DateTimeFormatter HOUR_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final BlobContainerClient container;
    private final String accountName;
    private final ObjectMapper json;
    private volatile boolean ready;

    DeadLetters(BlobServiceClient account, ObjectMapper json) {
        this.container = account.getBlobContainerClient(CONTAINER);
        this.accountName = account.getAccountName();
        this.json = json;
    }

    /** @return the blob name written */
    String write(ObjectNode event, String subscription, String reason, int attempts, String lastOutcome, int lastStatus,
                 Instant publishTime, Instant lastAttempt) {
        ObjectNode letter = event.deepCopy();
        letter.put("deadLetterReason", reason);
        letter.put("deliveryAttempts", attempts);
        letter.put("lastDeliveryOutcome", lastOutcome);
        if (lastStatus > 0) {
            letter.put("lastHttpStatusCode", lastStatus);
        }
        letter.put("publishTime", StorageEvents.EVENT_TIME.format(publishTime));
        letter.put("lastDeliveryAttemptTime", StorageEvents.EVENT_TIME.format(lastAttempt));
        ArrayNode body = json.createArrayNode().add(letter);
        String name = accountName.toUpperCase(Locale.ROOT) + "/" + subscription.toUpperCase(Locale.ROOT) + "/"
                + HOUR_PATH.format(lastAttempt) + "/" + UUID.randomUUID() + ".json";
        if (!ready) {
            container.createIfNotExists();
            ready = true;
        }
        try {
            container.getBlobClient(name).uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromString(json.writeValueAsString(body)))
                    .setHeaders(new BlobHttpHeaders().setContentType("application/json; charset=utf-8")), null, null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return name;
    }
}
