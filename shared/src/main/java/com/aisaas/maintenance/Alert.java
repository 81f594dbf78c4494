package com.aisaas.maintenance;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One alert episode (a row of {@code alerts}): opened when a breach is first seen, its {@code lastSeen} and
 * {@code occurrences} moved by later sweeps that still see it, cleared once a sweep no longer does.
 *
 * @param key what is breached, e.g. {@code postgres.connections}, {@code redis.down}
 * @param details the measured values and thresholds of the latest sighting
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alert(long id, String key, String component, String message, Instant openedAt, Instant lastSeen,
                    Instant clearedAt, int occurrences, Map<String, Object> details) {

    public Alert {
        Objects.requireNonNull(key, "key");
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }

    public boolean isOpen() {
        return clearedAt == null;
    }
}
