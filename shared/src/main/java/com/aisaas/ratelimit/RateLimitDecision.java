package com.aisaas.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one {@link RateLimiter#acquire}: whether the request may run, and the numbers for the
 * {@code RateLimit-*} response headers (IETF draft "RateLimit header fields for HTTP").
 *
 * @param limit             requests allowed per minute (and at once)
 * @param remaining         requests still allowed now (after this one)
 * @param resetSeconds      seconds until the quota is whole again (0 when it already is)
 * @param retryAfterSeconds when denied: seconds until a retry can succeed (at least 1); 0 when allowed
 * @param degraded          true when the limiter could not decide (Redis down) and failed open
 */
public record RateLimitDecision(boolean allowed, int limit, int remaining, long resetSeconds,
                                long retryAfterSeconds, boolean degraded) {

    public RateLimitDecision {
        if (limit < 0 || remaining < 0 || resetSeconds < 0 || retryAfterSeconds < 0) {
            throw new IllegalArgumentException("negative rate limit numbers");
        }
    }

    /** A fail-open decision: allowed, with the full limit reported. */
    public static RateLimitDecision failOpen(int limit) {
        return new RateLimitDecision(true, limit, limit, 0, 0, true);
    }

    /**
     * {@code RateLimit-Limit}, {@code RateLimit-Remaining}, {@code RateLimit-Reset}, plus {@code Retry-After}
     * when denied. Empty when degraded: numbers the limiter never computed would mislead clients.
     */
    public Map<String, String> headers() {
        if (degraded) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("RateLimit-Limit", Integer.toString(limit));
        headers.put("RateLimit-Remaining", Integer.toString(remaining));
        headers.put("RateLimit-Reset", Long.toString(resetSeconds));
        if (!allowed) {
            headers.put("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)));
        }
        return Map.copyOf(headers);
    }
}
