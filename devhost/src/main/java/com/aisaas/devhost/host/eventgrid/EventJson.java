package com.aisaas.devhost.host.eventgrid;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON of the event webhooks (docs/functions-host.md §2), on Gson like the rest of the host. Bodies are parsed without date handling
 * (the extension reads them with {@code DateParseHandling.None}), so every value reaches the function as it was sent.
 */
public final class EventJson {

    /**
     * Newtonsoft's {@code JToken.ToString(Formatting.Indented)}, which is what the worker receives for one event: two-space
     * indent, {@code "name": value}, nothing HTML-escaped, nulls kept, numbers as written.
     */
    public static final Gson INDENTED = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

    private EventJson() {
    }

    /**
     * A Notification body: an array (Event Grid schema, or CloudEvents batch) or a single object (CloudEvents), which
     * becomes a one-element list.
     *
     * @throws IllegalArgumentException if the body is not JSON, or neither an array nor an object
     */
    static List<JsonElement> events(String body) {
        JsonElement root = parse(body);
        List<JsonElement> events = new ArrayList<>();
        if (root.isJsonArray()) {
            root.getAsJsonArray().forEach(events::add);
        } else if (root.isJsonObject()) {
            events.add(root);
        } else {
            throw new IllegalArgumentException("The request content should be parseable into a JSON object or array, but was "
                    + kind(root) + ".");
        }
        return events;
    }

    /**
     * The validation code of a SubscriptionValidation body: {@code [0].data.validationCode} of an array, or of an object
     * whose {@code data} may be double-encoded (a JSON string), as HttpRequestProcessor reads it.
     *
     * @throws IllegalArgumentException if the body has no validation code
     */
    static String validationCode(String body) {
        JsonElement root = parse(body);
        JsonElement event;
        if (root.isJsonArray() && root.getAsJsonArray().size() > 0) {
            event = root.getAsJsonArray().get(0);
        } else if (root.isJsonObject()) {
            event = root;
        } else {
            throw new IllegalArgumentException("The request content should be parseable into a JSON object or array, but was "
                    + kind(root) + ".");
        }
        JsonElement data = event.isJsonObject() ? event.getAsJsonObject().get("data") : null;
        if (data != null && data.isJsonPrimitive() && data.getAsJsonPrimitive().isString()) {
            data = parse(data.getAsString());
        }
        JsonElement code = data != null && data.isJsonObject() ? data.getAsJsonObject().get("validationCode") : null;
        if (code == null || code.isJsonNull()) {
            throw new IllegalArgumentException("the SubscriptionValidation event has no data.validationCode");
        }
        return code.isJsonPrimitive() ? code.getAsString() : code.toString();
    }

    /** {@code {"validationResponse":"<code>"}}, compact like System.Text.Json writes it. */
    static String validationResponse(String code) {
        JsonObject response = new JsonObject();
        response.addProperty("validationResponse", code);
        return new GsonBuilder().disableHtmlEscaping().create().toJson(response);
    }

    /** A CloudEvents 1.0 event carries {@code specversion}; Event Grid schema events carry {@code eventType}. */
    static boolean isCloudEvent(JsonElement event) {
        return event.isJsonObject() && event.getAsJsonObject().has("specversion");
    }

    /** {@code eventType} (Event Grid schema) or {@code type} (CloudEvents); null when absent. */
    static String eventType(JsonElement event) {
        return string(event, isCloudEvent(event) ? "type" : "eventType");
    }

    /** A top-level string member, or null. */
    public static String string(JsonElement event, String member) {
        if (event == null || !event.isJsonObject()) {
            return null;
        }
        JsonElement value = event.getAsJsonObject().get(member);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
    }

    /** {@code data} as an object, or null. */
    public static JsonObject data(JsonElement event) {
        if (event == null || !event.isJsonObject()) {
            return null;
        }
        JsonElement data = event.getAsJsonObject().get("data");
        return data != null && data.isJsonObject() ? data.getAsJsonObject() : null;
    }

    /** The worker's view of one event. */
    static String indented(JsonElement event) {
        return INDENTED.toJson(event);
    }

    private static JsonElement parse(String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("the request has no body");
        }
        try {
            return JsonParser.parseString(body);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("the request body is not JSON: " + e.getMessage(), e);
        }
    }

    private static String kind(JsonElement element) {
        if (element.isJsonNull()) {
            return "Null";
        }
        if (element instanceof JsonArray) {
            return "Array";
        }
        return element.isJsonPrimitive() && element.getAsJsonPrimitive().isString() ? "String" : "Primitive";
    }
}
