package com.aisaas.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * How long one call may take in all, retries and backoff included, and what it does while a circuit is open.
 *
 * <p>The request path ({@code DB_REQUEST_BUDGET_MS}, 2 s by default) fails at once while the circuit is open: the
 * client gets 503 + Retry-After and its own retry comes back later. Background work (blob-triggered processing,
 * {@code DB_BACKGROUND_BUDGET_MS}, 60 s by default) waits for the dependency instead: it backs off and tries again
 * until the budget is spent, so that a host retry is not used up by a short outage.
 */
public record Budget(Duration total, boolean waitsForRecovery) {

    public static final Duration DEFAULT_REQUEST = Duration.ofSeconds(2);
    public static final Duration DEFAULT_BACKGROUND = Duration.ofSeconds(60);

    public Budget {
        Objects.requireNonNull(total, "total");
        if (total.isNegative() || total.isZero()) {
            throw new IllegalArgumentException("total must be positive: " + total);
        }
    }

    /** A request: bounded by {@code total}, never waiting for an open circuit. */
    public static Budget request(Duration total) {
        return new Budget(total, false);
    }

    /** Background work: waits (with backoff) through an open circuit until {@code total} is spent. */
    public static Budget background(Duration total) {
        return new Budget(total, true);
    }
}
