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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The token-bucket (GCRA) limiter and its permit leases against a real redis-server. */
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

    /** A limiter whose every Redis round trip is counted in {@code roundTrips}. */
    private static RedisRateLimiter counting(Redis client, int perMinute, AtomicInteger roundTrips) {
        return new RedisRateLimiter(() -> {
            roundTrips.incrementAndGet();
            return client;
        }, new RateLimitSettings(perMinute), Metrics.registry(), Clock.systemUTC());
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
        // 5 per minute: the bucket gains one request every 12 s, the first at T0+12s
        assertThat(denied.retryAfterSeconds()).isEqualTo(2);
        assertThat(denied.headers())
                .containsEntry("RateLimit-Limit", "5")
                .containsEntry("RateLimit-Remaining", "0")
                .containsEntry("RateLimit-Reset", "50") // full again at T0+60s
                .containsEntry("Retry-After", "2");
    }

    @Test
    void acquire_bucketRefillsOneRequestPerSixtiethOfTheLimit() {
        RedisRateLimiter limiter = limiter(redis, 3); // one request every 20 s
        String caller = caller();
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire(caller, T0).allowed()).isTrue();
        }

        RateLimitDecision at10 = limiter.acquire(caller, T0.plusSeconds(10));
        RateLimitDecision at20 = limiter.acquire(caller, T0.plusSeconds(20));
        RateLimitDecision at21 = limiter.acquire(caller, T0.plusSeconds(21));
        RateLimitDecision at100 = limiter.acquire(caller, T0.plusSeconds(100));

        assertThat(at10.allowed()).isFalse();
        assertThat(at10.retryAfterSeconds()).isEqualTo(10);
        assertThat(at20.allowed()).isTrue();
        assertThat(at20.remaining()).isZero();
        assertThat(at21.allowed()).isFalse();
        assertThat(at21.retryAfterSeconds()).isEqualTo(19);
        // 80 s after the last accepted request the bucket is full again: 3 at once, then none
        assertThat(at100.allowed()).isTrue();
        assertThat(at100.remaining()).isEqualTo(2);
    }

    @Test
    void acquire_deniedRequestsAreNotCounted_soABackedOffClientGetsInOnTime() {
        AtomicInteger roundTrips = new AtomicInteger();
        RedisRateLimiter limiter = counting(redis, 1, roundTrips);
        String caller = caller();
        limiter.acquire(caller, T0);
        for (int i = 1; i <= 20; i++) {
            RateLimitDecision denied = limiter.acquire(caller, T0.plusSeconds(i));
            assertThat(denied.allowed()).isFalse();
            assertThat(denied.retryAfterSeconds()).isEqualTo(60 - i);
        }
        // the first denial is remembered until the bucket has room: the others cost no round trip
        assertThat(roundTrips).hasValue(2);

        assertThat(limiter.acquire(caller, T0.plusSeconds(60)).allowed()).isTrue();
        assertThat(roundTrips).hasValue(3);
    }

    @Test
    void acquire_aDenialSeenByOneInstance_isDecidedByRedisOnAnother() {
        RedisRateLimiter first = limiter(redis, 1);
        RedisRateLimiter second = limiter(redis, 1);
        String caller = caller();

        assertThat(first.acquire(caller, T0).allowed()).isTrue();
        assertThat(second.acquire(caller, T0.plusSeconds(1)).allowed()).isFalse();
        assertThat(first.acquire(caller, T0.plusSeconds(2)).allowed()).isFalse();
        assertThat(second.acquire(caller, T0.plusSeconds(60)).allowed()).isTrue();
        assertThat(first.acquire(caller, T0.plusSeconds(61)).allowed()).isFalse();
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
                workers.add(() -> {
                    int allowed = 0;
                    for (int i = 0; i < 40; i++) {
                        if (limiter.acquire(caller, T0).allowed()) {
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
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void acquire_atTheDefaultLimit_asksRedisForEveryRequest() {
        AtomicInteger roundTrips = new AtomicInteger();
        RedisRateLimiter limiter = counting(redis, 100, roundTrips);
        String caller = caller();

        for (int i = 0; i < 50; i++) {
            assertThat(limiter.acquire(caller, T0.plusMillis(i)).allowed()).isTrue();
        }

        assertThat(roundTrips).hasValue(50);
    }

    @Test
    void acquire_busyCallerAtAHighLimit_takesLeasedPermits_fewRoundTrips_neverMoreThanTheLimit() {
        AtomicInteger roundTrips = new AtomicInteger();
        // two instances serving the same caller, 12,000 requests at one instant against a limit of 10,000
        RedisRateLimiter first = counting(redis, 10_000, roundTrips);
        RedisRateLimiter second = counting(redis, 10_000, roundTrips);
        String caller = caller();
        int allowed = 0;
        int lastRemaining = -1;
        for (int i = 0; i < 12_000; i++) {
            RateLimitDecision decision = (i % 2 == 0 ? first : second).acquire(caller, T0);
            if (decision.allowed()) {
                allowed++;
                lastRemaining = decision.remaining();
            }
        }

        assertThat(allowed).isEqualTo(10_000);
        assertThat(lastRemaining).isBetween(0, 100);
        // leases grow 1, 2, 4 ... up to 1 % of the limit: a few hundred round trips instead of 12,000
        assertThat(roundTrips.get()).isLessThan(500);
    }

    @Test
    void acquire_leaseLapsesAfterASecond_thenRedisIsAskedAgain() {
        AtomicInteger roundTrips = new AtomicInteger();
        RedisRateLimiter limiter = counting(redis, 10_000, roundTrips);
        String caller = caller();
        for (int i = 0; i < 300; i++) {
            assertThat(limiter.acquire(caller, T0).allowed()).isTrue();
        }
        int afterBurst = roundTrips.get();
        assertThat(afterBurst).isLessThan(300);

        assertThat(limiter.acquire(caller, T0.plusMillis(RedisRateLimiter.LEASE_MILLIS)).allowed()).isTrue();

        assertThat(roundTrips).hasValue(afterBurst + 1);
    }

    @Test
    void acquire_keyExpiresOneWindowAfterTheBucketIsFull_soIdleCallersCostNoMemory() {
        RedisRateLimiter limiter = limiter(redis, 5);
        String caller = caller();
        limiter.acquire(caller, T0);

        long ttl = redis.client().pttl(RedisRateLimiter.KEY_PREFIX + caller);

        // full again after 12 s (one request of five per minute), plus one window
        assertThat(ttl).isBetween(Duration.ofSeconds(60).toMillis(), Duration.ofSeconds(72).toMillis());
    }

    @Test
    void theBucket_isNotRefilledByRedisExpiringTheKey_whenRedisTimeRunsAheadOfTheCallers() throws Exception {
        RedisRateLimiter limiter = limiter(redis, 10_000); // one request refills in 6 ms
        String caller = caller();
        int firstRemaining = limiter.acquire(caller, T0).remaining();

        // Redis's clock moves on past several refills (observed through TIME); the callers' (T0) does not: the bucket
        // is not full for them
        long redisStart = redisMillis();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (redisMillis() < redisStart + 50) {
            assertThat(System.nanoTime()).as("Redis's clock did not move").isLessThan(deadline);
            Thread.sleep(10);
        }

        assertThat(limiter.acquire(caller, T0).remaining()).isLessThan(firstRemaining);
    }

    @Test
    void acquire_whenRedisIsDown_failsOpen_andCountsIt() {
        try (Redis down = TestRedis.down()) {
            RedisRateLimiter limiter = limiter(down, 5);
            double before = limiter.failOpenCount();

            RateLimitDecision decision = limiter.acquire(caller(), T0);

            assertThat(decision.allowed()).isTrue();
            assertThat(decision.degraded()).isTrue();
            assertThat(limiter.failOpenCount()).isEqualTo(before + 1);
            assertThat(Metrics.scrape()).contains("rate_limiter_fail_open_total");
        }
    }

    /** Redis's own clock (TIME), in milliseconds. */
    private static long redisMillis() {
        List<?> time = (List<?>) redis.client().eval("return redis.call('TIME')");
        return Long.parseLong(String.valueOf(time.get(0))) * 1000 + Long.parseLong(String.valueOf(time.get(1))) / 1000;
    }
}
