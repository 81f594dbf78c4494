package com.aisaas.config;

/** RATE_LIMIT_PER_MINUTE: requests one caller may make in any 60-second window (default 100). */
public record RateLimitSettings(int perMinute) {
}
