package com.aisaas.maintenance;

import java.util.Map;
import java.util.Objects;

/**
 * A condition that deserves an alert, as one sweep saw it.
 *
 * @param key stable identity of the condition ({@code <component>.<what>}); repeated sightings of the same key are
 *        one alert until it clears
 * @param message one line for people, without secrets
 * @param details measured values and thresholds
 */
public record Breach(String key, String component, String message, Map<String, Object> details) {

    public Breach {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(message, "message");
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }
}
