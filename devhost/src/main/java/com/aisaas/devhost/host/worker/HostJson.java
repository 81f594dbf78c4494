package com.aisaas.devhost.host.worker;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of {@code host.json} the devhost uses. {@code extensions.http.routePrefix} defaults to "api"; an empty
 * string is allowed and means "no prefix" (docs/functions-host.md §1, §5). {@code singleton.listenerLockPeriod} (default 00:01:00,
 * 15 s to 60 s as a blob lease allows) and {@code singleton.listenerLockRecoveryPollingInterval} (default 00:01:00) govern
 * the timer triggers' listener lock, as in the real host. {@code extensions.blobs.poisonBlobThreshold} (default 5, at
 * least 1) is how many tries a blob-trigger message gets before it goes to the poison queue, as in the Storage
 * extension 5.x.
 */
public record HostJson(String routePrefix, Duration listenerLockPeriod, Duration listenerLockRecoveryPollingInterval,
                int poisonBlobThreshold) {

    static final String DEFAULT_ROUTE_PREFIX = "api";
    static final Duration DEFAULT_LISTENER_LOCK_PERIOD = Duration.ofMinutes(1);
    static final Duration DEFAULT_LISTENER_LOCK_RECOVERY_POLLING_INTERVAL = Duration.ofMinutes(1);
    static final int DEFAULT_POISON_BLOB_THRESHOLD = 5;

    public HostJson(String routePrefix) {
        this(routePrefix, DEFAULT_LISTENER_LOCK_PERIOD, DEFAULT_LISTENER_LOCK_RECOVERY_POLLING_INTERVAL,
                DEFAULT_POISON_BLOB_THRESHOLD);
    }

    /** @throws IllegalArgumentException for a singleton period that is not a TimeSpan or out of range */
    public static HostJson read(Path appDir) {
        Path file = appDir.resolve("host.json");
        if (!Files.isRegularFile(file)) {
            return new HostJson(DEFAULT_ROUTE_PREFIX);
        }
        JsonObject root = Json.readObject(file);
        JsonObject singleton = object(root, "singleton");
        Duration lockPeriod = timeSpan(singleton, "listenerLockPeriod", DEFAULT_LISTENER_LOCK_PERIOD);
        if (lockPeriod.compareTo(Duration.ofSeconds(15)) < 0 || lockPeriod.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("host.json singleton.listenerLockPeriod must be between 00:00:15 and 00:01:00 (a blob lease), was "
                    + lockPeriod.toSeconds() + " s");
        }
        Duration recovery = timeSpan(singleton, "listenerLockRecoveryPollingInterval", DEFAULT_LISTENER_LOCK_RECOVERY_POLLING_INTERVAL);
        if (recovery.isZero() || recovery.isNegative()) {
            throw new IllegalArgumentException("host.json singleton.listenerLockRecoveryPollingInterval must be positive");
        }
        JsonElement threshold = object(object(root, "extensions"), "blobs") == null ? null
                : object(object(root, "extensions"), "blobs").get("poisonBlobThreshold");
        int poisonBlobThreshold = threshold == null || threshold.isJsonNull() ? DEFAULT_POISON_BLOB_THRESHOLD
                : threshold.getAsInt();
        if (poisonBlobThreshold < 1) {
            throw new IllegalArgumentException("host.json extensions.blobs.poisonBlobThreshold must be at least 1");
        }
        return new HostJson(routePrefix(root), lockPeriod, recovery, poisonBlobThreshold);
    }

    /** A .NET TimeSpan {@code [d.]hh:mm:ss[.fffffff]}. */
    public static Duration timeSpan(JsonObject parent, String key, Duration fallback) {
        JsonElement element = parent == null ? null : parent.get(key);
        if (element == null || element.isJsonNull()) {
            return fallback;
        }
        String text = element.isJsonPrimitive() ? element.getAsString().trim() : element.toString();
        Matcher matcher = TIME_SPAN.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("host.json: " + key + " must be a TimeSpan like 00:01:00, was '" + text + "'");
        }
        Duration duration = Duration.ofHours(Long.parseLong(matcher.group(2))).plusMinutes(Long.parseLong(matcher.group(3)))
                .plusSeconds(Long.parseLong(matcher.group(4)));
        if (matcher.group(1) != null) {
            duration = duration.plusDays(Long.parseLong(matcher.group(1)));
        }
        if (matcher.group(5) != null) {
            String fraction = (matcher.group(5) + "000000000").substring(0, 9);
            duration = duration.plusNanos(Long.parseLong(fraction));
        }
        return duration;
    }

    private static final Pattern TIME_SPAN = Pattern.compile("(?:(\\d+)\\.)?(\\d{1,2}):(\\d{1,2}):(\\d{1,2})(?:\\.(\\d{1,7}))?");

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

    public static String trimSlashes(String text) {
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
