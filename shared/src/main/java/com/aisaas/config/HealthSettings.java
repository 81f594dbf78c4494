package com.aisaas.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * HEALTH_REQUIRED_COMPONENTS: the components whose failure makes the app not ready (comma separated from
 * {@link #COMPONENTS}, or {@code none}); HEALTH_CHECK_TIMEOUT_MS: the time each check may take.
 */
public record HealthSettings(Set<String> requiredComponents, Duration checkTimeout) {

    public static final String POSTGRES = "postgres";
    public static final String REDIS = "redis";
    public static final String BLOB = "blob";
    public static final String KEYVAULT = "keyvault";
    /** All components the readiness check knows, in report order. */
    public static final List<String> COMPONENTS = List.of(POSTGRES, REDIS, BLOB, KEYVAULT);

    public HealthSettings {
        requiredComponents = Set.copyOf(requiredComponents);
    }

    public boolean isRequired(String component) {
        return requiredComponents.contains(component);
    }
}
