package com.aisaas.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link CircuitBreaker} behaves: {@code failureThreshold} transient failures in a row open it (one timeout does
 * at once); while open, a probe runs every {@code probeInterval}; without a successful probe, one trial call is let
 * through every {@code openDuration} (also the longest Retry-After it suggests).
 */
public record BreakerSettings(boolean enabled, int failureThreshold, Duration openDuration, Duration probeInterval) {

    public static final int DEFAULT_FAILURE_THRESHOLD = 3;
    public static final Duration DEFAULT_OPEN_DURATION = Duration.ofSeconds(5);
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofMillis(250);

    public static final BreakerSettings DEFAULTS = new BreakerSettings(true, DEFAULT_FAILURE_THRESHOLD,
            DEFAULT_OPEN_DURATION, DEFAULT_PROBE_INTERVAL);
    public static final BreakerSettings DISABLED = new BreakerSettings(false, Integer.MAX_VALUE,
            DEFAULT_OPEN_DURATION, DEFAULT_PROBE_INTERVAL);

    public BreakerSettings {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be positive: " + failureThreshold);
        }
        Objects.requireNonNull(openDuration, "openDuration");
        Objects.requireNonNull(probeInterval, "probeInterval");
        if (openDuration.isNegative() || openDuration.isZero() || probeInterval.isNegative() || probeInterval.isZero()) {
            throw new IllegalArgumentException("openDuration and probeInterval must be positive");
        }
    }
}
