package com.aisaas.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.common.DependencyException;
import com.aisaas.config.AuthMode;
import com.aisaas.config.RedisSettings;
import com.aisaas.secrets.SecretResolver;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisCredentials;
import redis.clients.jedis.authentication.JedisAuthenticationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

class RedisTest {

    private static SecretResolver secrets(Map<String, String> env) {
        return new SecretResolver(env, Optional.empty(), Duration.ZERO, uri -> {
            throw new AssertionError();
        }, Clock.systemUTC());
    }

    private static RedisSettings settings(String url) {
        return new RedisSettings(URI.create(url), AuthMode.PASSWORD, Duration.ofSeconds(2));
    }

    @Test
    void credentials_noPasswordAnywhere_meansNoAuth() {
        assertThat(Redis.credentials(settings("redis://127.0.0.1:6379"), secrets(Map.of()))).isEmpty();
    }

    @Test
    void credentials_secretWinsOverUrlPassword_andUrlUserIsKept() {
        RedisCredentials credentials = Redis.credentials(settings("rediss://app:urlpw@cache:6380"),
                secrets(Map.of("REDIS_PASSWORD", "secretpw"))).orElseThrow();

        assertThat(credentials.getUser()).isEqualTo("app");
        assertThat(new String(credentials.getPassword())).isEqualTo("secretpw");
    }

    @Test
    void credentials_urlPasswordIsUsedWhenNoSecret() {
        RedisCredentials credentials = Redis.credentials(settings("redis://:urlpw@cache:6379"), secrets(Map.of())).orElseThrow();

        assertThat(credentials.getUser()).isNull();
        assertThat(new String(credentials.getPassword())).isEqualTo("urlpw");
    }

    @Test
    void translate_connectionProblemsAreRetryable_rejectedCommandsAreNot() {
        DependencyException refused = Redis.translate(new JedisConnectionException("refused"), "ping");
        DependencyException wrongType = Redis.translate(new JedisDataException("WRONGTYPE"), "get");

        assertThat(refused.component()).isEqualTo("redis");
        assertThat(refused.retryable()).isTrue();
        assertThat(wrongType.retryable()).isFalse();
    }

    @Test
    void translate_entraTokenNotObtained_isRetryable() {
        DependencyException noToken = Redis.translate(
                new JedisAuthenticationException("AuthXManager failed to start!"), "connect");

        assertThat(noToken.retryable()).isTrue();
        assertThat(noToken.getMessage()).startsWith("redis: connect failed");
    }
}
