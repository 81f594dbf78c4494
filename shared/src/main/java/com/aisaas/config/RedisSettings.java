package com.aisaas.config;

import java.net.URI;
import java.time.Duration;

/**
 * Redis: REDIS_URL ({@code redis://host:port[/db]} or {@code rediss://host:6380} for TLS), REDIS_AUTH_MODE,
 * REDIS_TIMEOUT_MS, REDIS_POOL_MAX_SIZE. The password is the secret {@code redis-password} (setting REDIS_PASSWORD).
 *
 * <p>The pool bounds the connections one instance opens; every API request borrows one for its rate-limit check
 * and one for a cache read, so it should be at least the number of requests an instance serves at once (a request
 * that finds the pool empty waits up to REDIS_TIMEOUT_MS). Instances × pool must stay under the cache's
 * connection limit (Azure Cache for Redis Premium P1: 7,500).
 */
public record RedisSettings(URI url, AuthMode authMode, Duration timeout, int poolMaxSize) {

    public static final int DEFAULT_POOL_MAX_SIZE = 32;

    public RedisSettings {
        if (poolMaxSize < 1) {
            throw new IllegalArgumentException("poolMaxSize must be positive: " + poolMaxSize);
        }
    }

    public RedisSettings(URI url, AuthMode authMode, Duration timeout) {
        this(url, authMode, timeout, DEFAULT_POOL_MAX_SIZE);
    }

    public boolean tls() {
        return "rediss".equalsIgnoreCase(url.getScheme());
    }

    public String host() {
        return url.getHost();
    }

    public int port() {
        return url.getPort() > 0 ? url.getPort() : tls() ? 6380 : 6379;
    }

    /** The database index from the URL path ({@code /2}), 0 when absent. */
    public int database() {
        String path = url.getPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        return Integer.parseInt(path.substring(1));
    }

    @Override
    public String toString() {
        return "RedisSettings[url=" + Redact.url(url.toString()) + ", authMode=" + authMode + ", timeout=" + timeout
                + ", poolMaxSize=" + poolMaxSize + "]";
    }
}
