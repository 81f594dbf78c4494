package com.aisaas.devhost.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Settings of the local storage-event source, from the app settings (environment).
 *
 * @param pollInterval           {@code DEVHOST_EVENT_POLL_MS} (default 100): how often the watched containers are listed (at
 *                               least; a watcher backs off when listing takes long, see StorageEventSource)
 * @param retryScale             {@code DEVHOST_EVENT_RETRY_SCALE} (default 0.01): multiplies Event Grid's retry schedule
 *                               (10 s, 30 s, 1 min, 5 min, ...) and the event time-to-live (1440 min); 1 = Azure's timing
 * @param maxAttempts            {@code DEVHOST_EVENT_MAX_ATTEMPTS} (default 30, 1–30): delivery attempts before dead-lettering
 * @param eventGridSubscriptions {@code DEVHOST_EVENTGRID_SUBSCRIPTIONS}: {@code Function=container,container;Other=container}
 *                               — which containers each eventGridTrigger function subscribes to (all storage event types)
 * @param eventGridConnection    {@code DEVHOST_EVENTGRID_CONNECTION}: the connection setting naming the storage account those
 *                               subscriptions watch; null = the blob triggers' connection, else {@code AzureWebJobsStorage}
 * @param enabled                {@code DEVHOST_EVENT_SOURCE} (on|off, default on): off leaves only the webhooks (events are
 *                               then posted by hand or by a real Event Grid)
 */
public record EventSourceSettings(Duration pollInterval, double retryScale, int maxAttempts,
                                  Map<String, List<String>> eventGridSubscriptions, String eventGridConnection, boolean enabled) {

    public static final String POLL_ENV = "DEVHOST_EVENT_POLL_MS";
    public static final String RETRY_SCALE_ENV = "DEVHOST_EVENT_RETRY_SCALE";
    public static final String MAX_ATTEMPTS_ENV = "DEVHOST_EVENT_MAX_ATTEMPTS";
    public static final String SUBSCRIPTIONS_ENV = "DEVHOST_EVENTGRID_SUBSCRIPTIONS";
    public static final String CONNECTION_ENV = "DEVHOST_EVENTGRID_CONNECTION";
    public static final String ENABLED_ENV = "DEVHOST_EVENT_SOURCE";

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(100);
    public static final double DEFAULT_RETRY_SCALE = 0.01;
    public static final int DEFAULT_MAX_ATTEMPTS = 30;
    /** Event Grid's default event time-to-live (1440 minutes), before scaling. */
    public static final Duration TIME_TO_LIVE = Duration.ofMinutes(1440);
    /** Event Grid waits 30 s for an answer (docs/functions-host.md §2.3), not scaled. */
    public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    public EventSourceSettings {
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException(POLL_ENV + " must be a positive number of milliseconds");
        }
        if (!(retryScale > 0) || Double.isInfinite(retryScale)) {
            throw new IllegalArgumentException(RETRY_SCALE_ENV + " must be a positive number, was " + retryScale);
        }
        if (maxAttempts < 1 || maxAttempts > 30) {
            throw new IllegalArgumentException(MAX_ATTEMPTS_ENV + " must be between 1 and 30 (Event Grid's range), was " + maxAttempts);
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        (eventGridSubscriptions == null ? Map.<String, List<String>>of() : eventGridSubscriptions)
                .forEach((name, containers) -> copy.put(name, List.copyOf(containers)));
        eventGridSubscriptions = Collections.unmodifiableMap(copy);
        eventGridConnection = eventGridConnection == null || eventGridConnection.isBlank() ? null : eventGridConnection.trim();
    }

    public static EventSourceSettings defaults() {
        return new EventSourceSettings(DEFAULT_POLL_INTERVAL, DEFAULT_RETRY_SCALE, DEFAULT_MAX_ATTEMPTS, Map.of(), null, true);
    }

    /** @throws IllegalArgumentException naming the setting that is not valid */
    public static EventSourceSettings fromEnvironment(Map<String, String> env) {
        long poll = number(env, POLL_ENV, DEFAULT_POLL_INTERVAL.toMillis());
        double scale = DEFAULT_RETRY_SCALE;
        String scaleText = env.get(RETRY_SCALE_ENV);
        if (scaleText != null && !scaleText.isBlank()) {
            try {
                scale = Double.parseDouble(scaleText.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(RETRY_SCALE_ENV + " must be a number (e.g. 0.01), was: " + scaleText, e);
            }
        }
        int attempts = (int) number(env, MAX_ATTEMPTS_ENV, DEFAULT_MAX_ATTEMPTS);
        String enabled = env.getOrDefault(ENABLED_ENV, "on").trim().toLowerCase(Locale.ROOT);
        if (!enabled.isEmpty() && !Set.of("on", "off", "true", "false").contains(enabled)) {
            throw new IllegalArgumentException(ENABLED_ENV + " must be on or off, was: " + env.get(ENABLED_ENV));
        }
        return new EventSourceSettings(Duration.ofMillis(poll), scale, attempts, parseSubscriptions(env.get(SUBSCRIPTIONS_ENV)),
                env.get(CONNECTION_ENV), !enabled.equals("off") && !enabled.equals("false"));
    }

    /** {@code A=c1,c2;B=c3} (also newline-separated); container names are lower-cased like Azure's. */
    static Map<String, List<String>> parseSubscriptions(String text) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return result;
        }
        for (String entry : text.split("[;\\n]")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(SUBSCRIPTIONS_ENV + ": expected Function=container[,container...], got '"
                        + entry.trim() + "'");
            }
            String function = entry.substring(0, eq).trim();
            Set<String> containers = new LinkedHashSet<>();
            for (String container : entry.substring(eq + 1).split(",")) {
                if (!container.isBlank()) {
                    containers.add(container.trim().toLowerCase(Locale.ROOT));
                }
            }
            if (containers.isEmpty()) {
                throw new IllegalArgumentException(SUBSCRIPTIONS_ENV + ": no container for '" + function + "'");
            }
            result.computeIfAbsent(function, key -> new ArrayList<>()).addAll(containers);
        }
        return result;
    }

    /** A delay of Event Grid's schedule, scaled. */
    Duration scaled(Duration azure) {
        return Duration.ofNanos(Math.max(1_000_000L, (long) (azure.toNanos() * retryScale)));
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        String text = env.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was: " + text, e);
        }
    }
}
