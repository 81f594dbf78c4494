package com.aisaas.app;

import com.aisaas.common.Scope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.auth.JwtAuthenticator;
import com.aisaas.cache.RedisMetadataCache;
import com.aisaas.common.UnauthorizedException;
import com.aisaas.idempotency.RedisIdempotencyStore;
import com.aisaas.ratelimit.RateLimitDecision;
import com.aisaas.ratelimit.RedisRateLimiter;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AppContext's request guards: built lazily, once, and without Redis turned off rather than broken. */
class GuardAccessorsTest {

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("DB_URL", "jdbc:postgresql://127.0.0.1:1/none");
        env.put("DB_USER", "postgres");
        env.put("DB_MAINTENANCE_USER", "maint");
        env.put("DB_MIGRATION_USER", "owner");
        return env;
    }

    @Test
    void accessors_returnOneInstanceEach_andBuildNoDatabase() {
        try (AppContext context = AppContext.create(env())) {
            assertThat(context.authenticator()).isInstanceOf(JwtAuthenticator.class).isSameAs(context.authenticator());
            assertThat(context.rateLimiter()).isSameAs(context.rateLimiter());
            assertThat(context.idempotencyStore()).isSameAs(context.idempotencyStore());
            assertThat(context.metadataCache()).isSameAs(context.metadataCache());
            assertThat(context.databaseBuilt()).isFalse();
        }
    }

    @Test
    void withoutRedisUrl_guardsAreOff_requestsStillServed() {
        try (AppContext context = AppContext.create(env())) {
            RateLimitDecision decision = context.rateLimiter().acquire("alice", Instant.now());
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.degraded()).isTrue();
            assertThat(context.idempotencyStore().begin("alice:POST /v1/files", "k", "fp", Instant.now())).isEmpty();
            context.metadataCache().put(new Scope("t", "alice"), "file:1", "v");
            assertThat(context.metadataCache().get(new Scope("t", "alice"), "file:1", String.class)).isEmpty();
        }
    }

    @Test
    void withRedisUrl_guardsUseRedis_failOpenWhileItIsDown_butIdempotencyKeysAnswer503() throws IOException {
        Map<String, String> env = env();
        try (ServerSocket socket = new ServerSocket(0)) {
            env.put("REDIS_URL", "redis://127.0.0.1:" + socket.getLocalPort());
            env.put("REDIS_TIMEOUT_MS", "300");
        }
        try (AppContext context = AppContext.create(env)) {
            assertThat(context.rateLimiter()).isInstanceOf(RedisRateLimiter.class);
            assertThat(context.idempotencyStore()).isInstanceOf(RedisIdempotencyStore.class);
            assertThat(context.metadataCache()).isInstanceOf(RedisMetadataCache.class);

            assertThat(context.rateLimiter().acquire("alice", Instant.now()).degraded()).isTrue();
            assertThatThrownBy(() -> context.idempotencyStore().begin("alice:POST /v1/files", "k", "fp",
                    Instant.now())).isInstanceOfSatisfying(com.aisaas.common.DependencyException.class,
                            e -> assertThat(e.retryable()).isTrue());
            assertThat(context.metadataCache().get(new Scope("t", "alice"), "file:1", String.class)).isEmpty();
        }
    }

    @Test
    void cacheTtlZero_disablesTheCache_evenWithRedis() {
        Map<String, String> env = env();
        env.put("REDIS_URL", "redis://127.0.0.1:6379");
        env.put("CACHE_TTL_SECONDS", "0");
        try (AppContext context = AppContext.create(env)) {
            assertThat(context.metadataCache()).isNotInstanceOf(RedisMetadataCache.class);
        }
    }

    @Test
    void authenticator_withTheSampleKeyLocally_acceptsOnlyBearerTokens() {
        Map<String, String> env = env();
        env.put("JWT_SIGNING_KEY", com.aisaas.config.AuthSettings.LOCAL_SAMPLE_SIGNING_KEY);
        try (AppContext context = AppContext.create(env)) {
            assertThatThrownBy(() -> context.authenticator().authenticate(null))
                    .isInstanceOf(UnauthorizedException.class);
        }
    }
}
