package com.aisaas.config;

import com.aisaas.resilience.BreakerSettings;
import com.aisaas.resilience.Budget;
import java.time.Duration;
import java.util.Objects;

/**
 * Fail-fast settings: DB_REQUEST_BUDGET_MS (a request's whole wait for PostgreSQL, retries included),
 * DB_BACKGROUND_BUDGET_MS (blob-triggered processing: waits through an outage this long per try), and the circuit
 * breakers of PostgreSQL and Redis: CIRCUIT_BREAKER_ENABLED, CIRCUIT_FAILURE_THRESHOLD, CIRCUIT_OPEN_MS,
 * CIRCUIT_PROBE_INTERVAL_MS. docs/reliability.md explains the numbers.
 */
public record ResilienceSettings(Duration requestBudget, Duration backgroundBudget, BreakerSettings breaker) {

    public ResilienceSettings {
        Objects.requireNonNull(requestBudget, "requestBudget");
        Objects.requireNonNull(backgroundBudget, "backgroundBudget");
        Objects.requireNonNull(breaker, "breaker");
    }

    public static ResilienceSettings defaults() {
        return new ResilienceSettings(Budget.DEFAULT_REQUEST, Budget.DEFAULT_BACKGROUND, BreakerSettings.DEFAULTS);
    }

    public Budget requestPath() {
        return Budget.request(requestBudget);
    }

    public Budget background() {
        return Budget.background(backgroundBudget);
    }

    static ResilienceSettings read(SettingsReader r, Duration connectionTimeout) {
        int request = r.integer(Setting.DB_REQUEST_BUDGET_MS, (int) Budget.DEFAULT_REQUEST.toMillis(), 250, 60_000);
        int background = r.integer(Setting.DB_BACKGROUND_BUDGET_MS, (int) Budget.DEFAULT_BACKGROUND.toMillis(),
                1_000, 600_000);
        if (connectionTimeout.toMillis() > request) {
            r.problem(Setting.DB_CONNECTION_TIMEOUT_MS + " (" + connectionTimeout.toMillis() + ") must not exceed "
                    + Setting.DB_REQUEST_BUDGET_MS + " (" + request + "): one wait for a connection would outlast"
                    + " a request's whole budget");
        }
        boolean enabled = r.bool(Setting.CIRCUIT_BREAKER_ENABLED, true);
        int threshold = r.integer(Setting.CIRCUIT_FAILURE_THRESHOLD, BreakerSettings.DEFAULT_FAILURE_THRESHOLD, 1, 100);
        int openMs = r.integer(Setting.CIRCUIT_OPEN_MS, (int) BreakerSettings.DEFAULT_OPEN_DURATION.toMillis(), 250,
                300_000);
        int probeMs = r.integer(Setting.CIRCUIT_PROBE_INTERVAL_MS,
                (int) BreakerSettings.DEFAULT_PROBE_INTERVAL.toMillis(), 50, 60_000);
        return new ResilienceSettings(Duration.ofMillis(request), Duration.ofMillis(background),
                new BreakerSettings(enabled, threshold, Duration.ofMillis(openMs), Duration.ofMillis(probeMs)));
    }
}
