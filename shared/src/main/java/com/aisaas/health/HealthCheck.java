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

    /** Fixed details shown whether the component is UP or DOWN (e.g. what happens while it is down). */
    default Map<String, Object> notes() {
        return Map.of();
    }

    /** This check with {@code notes} added to its report. */
    default HealthCheck withNotes(Map<String, Object> notes) {
        HealthCheck self = this;
        Map<String, Object> fixed = Map.copyOf(notes);
        return new HealthCheck() {
            @Override
            public String component() {
                return self.component();
            }

            @Override
            public boolean configured() {
                return self.configured();
            }

            @Override
            public Map<String, Object> check() {
                return self.check();
            }

            @Override
            public Map<String, Object> notes() {
                return fixed;
            }
        };
    }

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
