package com.aisaas.config;

import java.time.Duration;
import java.util.Optional;

/**
 * PostgreSQL: DB_URL, DB_USER, DB_AUTH_MODE, DB_READ_URL, DB_POOL_MAX_SIZE, DB_POOL_MIN_IDLE,
 * DB_CONNECTION_TIMEOUT_MS, DB_RETRY_MAX_ATTEMPTS, DB_RETRY_BASE_DELAY_MS, DB_MIGRATE_ON_START.
 * The password is not here: it is the secret {@code db-password} (setting DB_PASSWORD), read through the
 * secret resolver each time the pool opens a connection, so that a rotated password is picked up.
 */
public record DatabaseSettings(
        String url,
        String user,
        AuthMode authMode,
        Optional<String> readUrl,
        int poolMaxSize,
        int poolMinIdle,
        Duration connectionTimeout,
        int retryMaxAttempts,
        Duration retryBaseDelay,
        boolean migrateOnStart) {

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + Redact.url(url) + ", user=" + user + ", authMode=" + authMode
                + ", readUrl=" + readUrl.map(Redact::url).orElse("-") + ", poolMaxSize=" + poolMaxSize
                + ", poolMinIdle=" + poolMinIdle + ", connectionTimeout=" + connectionTimeout
                + ", retryMaxAttempts=" + retryMaxAttempts + ", retryBaseDelay=" + retryBaseDelay
                + ", migrateOnStart=" + migrateOnStart + "]";
    }
}
