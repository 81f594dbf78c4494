package com.aisaas.ratelimit;

import java.time.Instant;

/** Limits how many requests a caller may make per window. */
public interface RateLimiter {

    /**
     * Counts one request of {@code callerKey} at {@code now} if the limit allows it.
     * Never throws for a backend failure: it fails open ({@link RateLimitDecision#degraded()}).
     */
    RateLimitDecision acquire(String callerKey, Instant now);

    /** A limiter that allows everything, reporting each decision as degraded (no Redis configured). */
    static RateLimiter unlimited(int limit) {
        return (callerKey, now) -> RateLimitDecision.failOpen(limit);
    }
}
