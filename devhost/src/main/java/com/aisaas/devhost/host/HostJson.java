package com.aisaas.devhost.host;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The parts of {@code host.json} the devhost uses. {@code extensions.http.routePrefix} defaults to "api"; an empty
 * string is allowed and means "no prefix" (contract §1, §5).
 */
record HostJson(String routePrefix) {

    static final String DEFAULT_ROUTE_PREFIX = "api";

    static HostJson read(Path appDir) {
        Path file = appDir.resolve("host.json");
        if (!Files.isRegularFile(file)) {
            return new HostJson(DEFAULT_ROUTE_PREFIX);
        }
        JsonObject root = Json.readObject(file);
        return new HostJson(routePrefix(root));
    }

    private static String routePrefix(JsonObject root) {
        JsonObject http = object(object(root, "extensions"), "http");
        JsonElement prefix = http == null ? null : http.get("routePrefix");
        if (prefix == null || prefix.isJsonNull()) {
            return DEFAULT_ROUTE_PREFIX;
        }
        return trimSlashes(prefix.getAsString().trim());
    }

    private static JsonObject object(JsonObject parent, String key) {
        if (parent == null) {
            return null;
        }
        JsonElement child = parent.get(key);
        return child != null && child.isJsonObject() ? child.getAsJsonObject() : null;
    }

    static String trimSlashes(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == '/') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == '/') {
            end--;
        }
        return text.substring(start, end);
    }
}
