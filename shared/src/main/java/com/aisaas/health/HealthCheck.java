package com.aisaas.health;

import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** One component the readiness check probes (postgres, redis, blob, keyvault). */
public interface HealthCheck {

    /** The component's name in reports and in HEALTH_REQUIRED_COMPONENTS. */
    String component();

    /** Whether the component is configured at all; one that is not is reported SKIPPED. */
    boolean configured();

    /** Probes the component; returns details for the report, throws when it is not healthy. */
    Map<String, Object> check();

    static HealthCheck of(String component, BooleanSupplier configured, Supplier<Map<String, Object>> check) {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(configured, "configured");
        Objects.requireNonNull(check, "check");
        return new HealthCheck() {
            @Override
            public String component() {
                return component;
            }

            @Override
            public boolean configured() {
                return configured.getAsBoolean();
            }

            @Override
            public Map<String, Object> check() {
                return check.get();
            }
        };
    }
}
