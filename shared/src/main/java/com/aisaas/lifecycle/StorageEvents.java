package com.aisaas.lifecycle;

import com.aisaas.common.Json;
import com.aisaas.common.ValidationException;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.messaging.eventgrid.systemevents.StorageAsyncOperationInitiatedEventData;
import com.azure.messaging.eventgrid.systemevents.StorageBlobAccessTier;
import com.azure.messaging.eventgrid.systemevents.StorageBlobCreatedEventData;
import com.azure.messaging.eventgrid.systemevents.StorageBlobDeletedEventData;
import com.azure.messaging.eventgrid.systemevents.StorageBlobRenamedEventData;
import com.azure.messaging.eventgrid.systemevents.StorageBlobTierChangedEventData;
import com.azure.messaging.eventgrid.systemevents.StorageLifecyclePolicyCompletedEventData;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Azure Storage events from a delivery body: one event object or an array of them, in the Event Grid
 * schema ({@code eventType}, {@code eventTime}) or CloudEvents 1.0 ({@code specversion}, {@code type},
 * {@code time}). The envelope is read leniently, as Azure's own samples vary (an {@code eventTime} without a zone
 * is UTC); {@code data} is read with azure-messaging-eventgrid's typed system-event models
 * ({@link StorageBlobCreatedEventData} and the others) for the types this application handles, and kept as JSON
 * otherwise. A body that is not such an event is a {@link ValidationException}.
 */
public final class StorageEvents {

    private static final Pattern BLOB_SUBJECT =
            Pattern.compile("^/blobServices/default/containers/([^/]+)/blobs/(.+)$");

    private StorageEvents() {
    }

    /** The events of a delivery body (object or array). */
    public static List<StorageEvent> parse(String body) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new ValidationException("the event is not JSON: " + e.getOriginalMessage());
        }
        List<StorageEvent> events = new ArrayList<>();
        if (root != null && root.isArray()) {
            for (JsonNode node : root) {
                events.add(parse(node));
            }
        } else if (root != null && root.isObject()) {
            events.add(parse(root));
        } else {
            throw new ValidationException("the event must be a JSON object or an array of them");
        }
        return events;
    }

    /** One event object. */
    public static StorageEvent parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ValidationException("an event must be a JSON object");
        }
        boolean cloud = node.hasNonNull("specversion");
        String id = text(node, "id");
        String type = text(node, cloud ? "type" : "eventType");
        String subject = node.path("subject").asText("");
        Instant time = time(text(node, cloud ? "time" : "eventTime"));
        JsonNode data = node.path("data");
        Optional<String> container = Optional.empty();
        Optional<String> blobName = Optional.empty();
        Matcher m = BLOB_SUBJECT.matcher(subject);
        if (m.matches()) {
            container = Optional.of(m.group(1));
            blobName = Optional.of(m.group(2));
        }
        Fields f = new Fields();
        try {
            read(type, data, f);
        } catch (IOException | RuntimeException e) {
            throw new ValidationException("the data of " + type + " event " + id + " is malformed: " + e.getMessage());
        }
        return new StorageEvent(id, type, subject, time, cloud ? StorageEvent.Schema.CLOUD_EVENTS
                : StorageEvent.Schema.EVENT_GRID, container, blobName, Optional.ofNullable(f.api),
                Optional.ofNullable(unquote(f.eTag)), Optional.ofNullable(f.sequencer),
                Optional.ofNullable(f.contentLength), Optional.ofNullable(f.accessTier),
                Optional.ofNullable(f.previousTier), Optional.ofNullable(f.renamedFrom),
                Optional.ofNullable(f.renamedTo), Optional.ofNullable(f.lifecycleSummary), node.toString());
    }

    private static final class Fields {
        String api;
        String eTag;
        String sequencer;
        Long contentLength;
        String accessTier;
        String previousTier;
        String renamedFrom;
        String renamedTo;
        String lifecycleSummary;
    }

    private static void read(String type, JsonNode data, Fields f) throws IOException {
        if (!data.isObject()) {
            return;
        }
        String json = data.toString();
        try (JsonReader reader = JsonProviders.createReader(json)) {
            switch (type) {
                case StorageEvent.BLOB_CREATED -> {
                    StorageBlobCreatedEventData d = StorageBlobCreatedEventData.fromJson(reader);
                    f.api = d.getApi();
                    f.eTag = d.getETag();
                    f.sequencer = d.getSequencer();
                    f.contentLength = d.getContentLength();
                    f.accessTier = tier(d.getAccessTier());
                }
                case StorageEvent.BLOB_DELETED -> {
                    StorageBlobDeletedEventData d = StorageBlobDeletedEventData.fromJson(reader);
                    f.api = d.getApi();
                    f.sequencer = d.getSequencer();
                }
                case StorageEvent.BLOB_TIER_CHANGED -> {
                    StorageBlobTierChangedEventData d = StorageBlobTierChangedEventData.fromJson(reader);
                    f.api = d.getApi();
                    f.sequencer = d.getSequencer();
                    f.contentLength = d.getContentLength();
                    f.accessTier = tier(d.getAccessTier());
                    f.previousTier = tier(d.getPreviousTier());
                }
                case StorageEvent.BLOB_RENAMED -> {
                    StorageBlobRenamedEventData d = StorageBlobRenamedEventData.fromJson(reader);
                    f.api = d.getApi();
                    f.sequencer = d.getSequencer();
                    f.renamedFrom = blobPathOf(d.getSourceUrl());
                    f.renamedTo = blobPathOf(d.getDestinationUrl());
                }
                case StorageEvent.ASYNC_OPERATION_INITIATED -> {
                    StorageAsyncOperationInitiatedEventData d = StorageAsyncOperationInitiatedEventData.fromJson(reader);
                    f.api = d.getApi();
                    f.sequencer = d.getSequencer();
                    f.contentLength = d.getContentLength();
                }
                case StorageEvent.LIFECYCLE_POLICY_COMPLETED -> {
                    StorageLifecyclePolicyCompletedEventData.fromJson(reader); // validates the shape
                    f.lifecycleSummary = json;
                }
                default -> {
                    // not one of ours: kept as received (event.json)
                }
            }
        }
    }

    /** {@code <container>/<name>} of a blob URL ({@code https://acct.blob.core.windows.net/<container>/<name>}). */
    static String blobPathOf(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            String path = new URI(url).getPath();
            if (path == null || path.length() < 2) {
                return null;
            }
            String trimmed = path.substring(1);
            // Azurite and other emulators put the account name first: http://127.0.0.1:10000/devstoreaccount1/...
            if (new URI(url).getPort() > 0 && trimmed.startsWith("devstoreaccount1/")) {
                trimmed = trimmed.substring("devstoreaccount1/".length());
            }
            return trimmed.contains("/") ? trimmed : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String tier(StorageBlobAccessTier tier) {
        return tier == null ? null : tier.toString();
    }

    private static String unquote(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new ValidationException("the event has no " + field);
        }
        return value.asText();
    }

    /** ISO-8601 with or without a zone (without: UTC), any fraction of seconds. */
    static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                throw new ValidationException("the event time is not ISO-8601: " + text);
            }
        }
    }
}
