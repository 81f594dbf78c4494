package com.aisaas.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.cache.Redis;
import com.aisaas.config.RateLimitSettings;
import com.aisaas.telemetry.Metrics;
import com.aisaas.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sliding-window limiter against a real redis-server. */
class RedisRateLimiterIT {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static Redis redis;

    @BeforeAll
    static void connect() {
        redis = TestRedis.local();
    }

    @AfterAll
    static void close() {
        redis.close();
    }

    private static RedisRateLimiter limiter(Redis client, int perMinute) {
        return new RedisRateLimiter(() -> client, new RateLimitSettings(perMinute), Metrics.registry(),
                Clock.systemUTC());
    }

    private static String caller() {
        return "it-" + UUID.randomUUID();
    }

    @Test
    void acquire_allowsExactlyTheLimit_thenDeniesWithRetryAfter() {
        RedisRateLimiter limiter = limiter(redis, 5);
        String caller = caller();

        List<Integer> remaining = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            RateLimitDecision decision = limiter.acquire(caller, T0.plusMillis(i * 100L));
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.degraded()).isFalse();
            remaining.add(decision.remaining());
        }
        RateLimitDecision denied = limiter.acquire(caller, T0.plusSeconds(10));

        assertThat(remaining).containsExactly(4, 3, 2, 1, 0);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.remaining()).isZero();
        assertThat(denied.retryAfterSeconds()).isEqualTo(50); // the first request leaves the window at T0+60s
        assertThat(denied.headers())
                .containsEntry("RateLimit-Limit", "5")
                .containsEntry("RateLimit-Remaining", "0")
                .containsEntry("RateLimit-Reset", "50")
                .containsEntry("Retry-After", "50");
    }

    @Test
    void acquire_windowSlides_eachRequestFreesItsSlotSixtySecondsLater() {
        RedisRateLimiter limiter = limiter(redis, 3);
        String caller = caller();
        assertThat(limiter.acquire(caller, T0).allowed()).isTrue();
        assertThat(limiter.acquire(caller, T0.plusSeconds(20)).allowed()).isTrue();
        assertThat(limiter.acquire(caller, T0.plusSeconds(40)).allowed()).isTrue();

        RateLimitDecision at50 = limiter.acquire(caller, T0.plusSeconds(50));
        RateLimitDecision at60 = limiter.acquire(caller, T0.plusMillis(60_001));
        RateLimitDecision at61 = limiter.acquire(caller, T0.plusSeconds(61));
        RateLimitDecision at80 = limiter.acquire(caller, T0.plusMillis(80_001));

        assertThat(at50.allowed()).isFalse();
        assertThat(at50.retryAfterSeconds()).isEqualTo(10);
        assertThat(at60.allowed()).isTrue();
        assertThat(at61.allowed()).isFalse();
        assertThat(at61.retryAfterSeconds()).isEqualTo(19);
        assertThat(at80.allowed()).isTrue();
    }

    @Test
    void acquire_deniedRequestsAreNotCounted_soABackedOffClientGetsInOnTime() {
        RedisRateLimiter limiter = limiter(redis, 1);
        String caller = caller();
        limiter.acquire(caller, T0);
        for (int i = 1; i <= 20; i++) {
            assertThat(limiter.acquire(caller, T0.plusSeconds(i)).allowed()).isFalse();
        }

        assertThat(limiter.acquire(caller, T0.plusMillis(60_001)).allowed()).isTrue();
    }

    @Test
    void acquire_callersAreLimitedSeparately() {
        RedisRateLimiter limiter = limiter(redis, 1);
        String alice = caller();
        String bob = caller();

        assertThat(limiter.acquire(alice, T0).allowed()).isTrue();
        assertThat(limiter.acquire(alice, T0).allowed()).isFalse();
        assertThat(limiter.acquire(bob, T0).allowed()).isTrue();
    }

    @Test
    void acquire_fromEightThreadsAtOnce_neverExceedsTheLimit() throws Exception {
        RedisRateLimiter limiter = limiter(redis, 100);
        String caller = caller();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                workers.add(() -> {
                    int allowed = 0;
                    for (int i = 0; i < 40; i++) {
                        if (limiter.acquire(caller, T0.plusMillis(thread * 40L + i)).allowed()) {
                            allowed++;
                        }
                    }
                    return allowed;
                });
            }
            int total = 0;
            for (Future<Integer> future : pool.invokeAll(workers)) {
                total += future.get();
            }

            assertThat(total).isEqualTo(100);
            assertThat(redis.client().zcard(RedisRateLimiter.KEY_PREFIX + caller)).isEqualTo(100);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void acquire_keyExpiresAfterTheWindow_soIdleCallersCostNoMemory() {
        RedisRateLimiter limiter = limiter(redis, 5);
        String caller = caller();
        limiter.acquire(caller, T0);

        long ttl = redis.client().pttl(RedisRateLimiter.KEY_PREFIX + caller);

        assertThat(ttl).isBetween(1L, Duration.ofSeconds(60).toMillis());
    }

    @Test
    void acquire_whenRedisIsDown_failsOpenQuickly_andCountsIt() {
        try (Redis down = TestRedis.down()) {
            RedisRateLimiter limiter = limiter(down, 5);
            double before = limiter.failOpenCount();
            long start = System.nanoTime();

            RateLimitDecision decision = limiter.acquire(caller(), T0);

            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.degraded()).isTrue();
            assertThat(limiter.failOpenCount()).isEqualTo(before + 1);
            assertThat(Metrics.scrape()).contains("rate_limiter_fail_open_total");
        }
    }
}
