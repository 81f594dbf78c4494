package com.aisaas.devhost.host.worker;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of {@code function.json}'s {@code bindings} array, kept whole ({@link #json()}) so that trigger kinds added
 * later can read their own properties (path, schedule, source...). Contract §5.
 */
public record BindingMetadata(String type, String direction, String name, JsonObject json) {

    public BindingMetadata {
        Objects.requireNonNull(type, "binding type");
        Objects.requireNonNull(json, "binding json");
    }

    static BindingMetadata from(JsonObject json) {
        JsonElement type = json.get("type");
        if (type == null || !type.isJsonPrimitive() || type.getAsString().isBlank()) {
            throw new IllegalArgumentException("binding without a \"type\": " + json);
        }
        return new BindingMetadata(type.getAsString(), text(json, "direction"), text(json, "name"), json);
    }

    /** The real host treats binding types case-insensitively ("httpTrigger", "HttpTrigger"). */
    public boolean isType(String expected) {
        return type.equalsIgnoreCase(expected);
    }

    /** A trigger is an "in" binding whose type ends with "Trigger" (httpTrigger, blobTrigger, timerTrigger...). */
    boolean isTrigger() {
        return type.toLowerCase(Locale.ROOT).endsWith("trigger");
    }

    /** A string property, or null when absent or not a string. */
    public String property(String key) {
        return text(json, key);
    }

    /** A string-array property (a single string is read as a one-element list); empty when absent. */
    public List<String> listProperty(String key) {
        JsonElement element = json.get(key);
        List<String> values = new ArrayList<>();
        if (element == null || element.isJsonNull()) {
            return values;
        }
        if (element.isJsonArray()) {
            JsonArray array = element.getAsJsonArray();
            for (JsonElement item : array) {
                if (item != null && item.isJsonPrimitive()) {
                    values.add(item.getAsString());
                }
            }
        } else if (element.isJsonPrimitive()) {
            values.add(element.getAsString());
        }
        return values;
    }

    private static String text(JsonObject json, String key) {
        JsonElement element = json.get(key);
        return element != null && element.isJsonPrimitive() ? element.getAsString() : null;
    }
}
