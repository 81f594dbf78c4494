package com.aisaas.config;

import java.time.Duration;

/**
 * Idempotency keys: how long a request may hold its key while it runs (IDEMPOTENCY_LEASE_SECONDS, 60) and how
 * long a completed response is kept for replay (IDEMPOTENCY_TTL_HOURS, 24).
 */
public record IdempotencySettings(Duration lease, Duration ttl) {
}
