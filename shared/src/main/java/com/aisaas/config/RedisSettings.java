package com.aisaas.config;

import java.net.URI;
import java.time.Duration;

/**
 * Redis: REDIS_URL ({@code redis://host:port[/db]} or {@code rediss://host:6380} for TLS), REDIS_AUTH_MODE,
 * REDIS_TIMEOUT_MS. The password is the secret {@code redis-password} (setting REDIS_PASSWORD).
 */
public record RedisSettings(URI url, AuthMode authMode, Duration timeout) {

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
        return "RedisSettings[url=" + Redact.url(url.toString()) + ", authMode=" + authMode + ", timeout=" + timeout + "]";
    }
}
