package com.aisaas.testing;

import com.aisaas.cache.Redis;
import com.aisaas.config.AuthMode;
import com.aisaas.config.RedisSettings;
import com.aisaas.secrets.SecretResolver;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Redis clients built the production way ({@link Redis#connect}) for integration tests. */
public final class TestRedis {

    private TestRedis() {
    }

    /** A client of the shared local redis-server; the caller closes it. */
    public static Redis local() {
        return connect(TestServices.services().redis().url());
    }

    /** A client of a port nothing listens on: every command fails fast, as when Redis is down. */
    public static Redis down() {
        return connect("redis://127.0.0.1:" + TestServices.closedPort());
    }

    public static Redis connect(String url) {
        SecretResolver secrets = new SecretResolver(Map.of(), Optional.empty(), Duration.ZERO, uri -> {
            throw new AssertionError("no vault in tests");
        }, Clock.systemUTC());
        return Redis.connect(new RedisSettings(URI.create(url), AuthMode.PASSWORD, Duration.ofMillis(500)), secrets,
                () -> {
                    throw new AssertionError("no credential in password mode");
                });
    }
}
