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

    /**
     * The deeper probe of the scheduled health sweep: measurements the sweep compares with its alert lines
     * (latency, connections, replica lag, memory). Like {@link #check()} it throws when the component is not
     * healthy. By default the readiness probe.
     */
    default Map<String, Object> sweep() {
        return check();
    }

    /** This check with {@code sweep} as its health-sweep probe (readiness keeps {@link #check()}). */
    default HealthCheck withSweep(Supplier<Map<String, Object>> sweep) {
        Objects.requireNonNull(sweep, "sweep");
        return new Decorated(this, sweep, this::notes);
    }

    /** Fixed details shown whether the component is UP or DOWN (e.g. what happens while it is down). */
    default Map<String, Object> notes() {
        return Map.of();
    }

    /** This check with {@code notes} added to its report. */
    default HealthCheck withNotes(Map<String, Object> notes) {
        Map<String, Object> fixed = Map.copyOf(notes);
        return new Decorated(this, this::sweep, () -> fixed);
    }

    /** A check with another sweep probe or other notes; everything else is its base's. */
    final class Decorated implements HealthCheck {
        private final HealthCheck base;
        private final Supplier<Map<String, Object>> sweep;
        private final Supplier<Map<String, Object>> notes;

        private Decorated(HealthCheck base, Supplier<Map<String, Object>> sweep, Supplier<Map<String, Object>> notes) {
            this.base = base;
            this.sweep = sweep;
            this.notes = notes;
        }

        @Override
        public String component() {
            return base.component();
        }

        @Override
        public boolean configured() {
            return base.configured();
        }

        @Override
        public Map<String, Object> check() {
            return base.check();
        }

        @Override
        public Map<String, Object> sweep() {
            return sweep.get();
        }

        @Override
        public Map<String, Object> notes() {
            return notes.get();
        }
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
