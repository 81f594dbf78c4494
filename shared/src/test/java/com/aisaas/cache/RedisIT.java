package com.aisaas.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.common.DependencyException;
import com.aisaas.config.AuthMode;
import com.aisaas.config.RedisSettings;
import com.aisaas.secrets.SecretResolver;
import com.aisaas.testing.TestServices;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Redis client built the production way, against a real redis-server. */
class RedisIT {

    private static Redis connect(String url) {
        SecretResolver secrets = new SecretResolver(Map.of(), Optional.empty(), Duration.ZERO, uri -> {
            throw new AssertionError("no vault");
        }, Clock.systemUTC());
        return Redis.connect(new RedisSettings(URI.create(url), AuthMode.PASSWORD, Duration.ofMillis(500)), secrets,
                () -> {
                    throw new AssertionError("no credential in password mode");
                });
    }

    @Test
    void connect_pingsAndStoresValues() {
        try (Redis redis = connect(TestServices.services().redis().url())) {
            redis.ping();
            String key = "it:" + UUID.randomUUID();

            redis.execute("set", c -> c.setex(key, 60, "v1"));

            String value = redis.execute("get", c -> c.get(key));
            assertThat(value).isEqualTo("v1");
            assertThat(redis.client().ttl(key)).isBetween(1L, 60L);
        }
    }

    @Test
    void ping_closedPort_isARetryableRedisDependencyFailure() {
        try (Redis redis = connect("redis://127.0.0.1:" + TestServices.closedPort())) {
            assertThatThrownBy(redis::ping).isInstanceOfSatisfying(DependencyException.class, e -> {
                assertThat(e.component()).isEqualTo("redis");
                assertThat(e.retryable()).isTrue();
            });
        }
    }
}
