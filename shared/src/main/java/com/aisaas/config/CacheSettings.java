package com.aisaas.config;

import java.time.Duration;

/** The metadata cache: CACHE_TTL_SECONDS (60); 0 turns the cache off. */
public record CacheSettings(Duration ttl) {

    public boolean enabled() {
        return !ttl.isZero();
    }
}
