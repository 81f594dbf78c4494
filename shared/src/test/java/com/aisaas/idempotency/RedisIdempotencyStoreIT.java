package com.aisaas.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.cache.Redis;
import com.aisaas.common.ConflictException;
import com.aisaas.common.DependencyException;
import com.aisaas.common.UnprocessableException;
import com.aisaas.config.IdempotencySettings;
import com.aisaas.telemetry.Metrics;
import com.aisaas.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Idempotency keys against a real redis-server. */
class RedisIdempotencyStoreIT {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final StoredResponse CREATED = new StoredResponse(201,
            Map.of("Location", "/api/v1/files/f-1", "Content-Type", "application/json"), "{\"id\":\"f-1\"}");
    private static Redis redis;

    private final RedisIdempotencyStore store = store(redis, Duration.ofSeconds(60));
    private final String scope = "user-" + UUID.randomUUID() + ":POST /v1/files";
    private final String key = UUID.randomUUID().toString();

    @BeforeAll
    static void connect() {
        redis = TestRedis.local();
    }

    @AfterAll
    static void close() {
        redis.close();
    }

    private static RedisIdempotencyStore store(Redis client, Duration lease) {
        return new RedisIdempotencyStore(() -> client, new IdempotencySettings(lease, Duration.ofHours(24)),
                Metrics.registry(), Clock.systemUTC());
    }

    @Test
    void begin_newKey_letsTheRequestRun_andAfterCompleteReplaysTheSameResponse() {
        assertThat(store.begin(scope, key, "sha-a", NOW)).isEmpty();
        store.complete(scope, key, "sha-a", CREATED, NOW);

        Optional<StoredResponse> replay = store.begin(scope, key, "sha-a", NOW.plusSeconds(5));

        assertThat(replay).contains(CREATED);
        long ttl = redis.client().pttl(RedisIdempotencyStore.redisKey(scope, key));
        assertThat(ttl).isBetween(Duration.ofHours(23).toMillis(), Duration.ofHours(24).toMillis());
    }

    @Test
    void begin_sameKeyWhileInFlight_isAConflict() {
        store.begin(scope, key, "sha-a", NOW);

        assertThatThrownBy(() -> store.begin(scope, key, "sha-a", NOW)).isInstanceOf(ConflictException.class);
    }

    @Test
    void begin_sameKeyWithAnotherBody_is422_inFlightOrCompleted() {
        store.begin(scope, key, "sha-a", NOW);
        assertThatThrownBy(() -> store.begin(scope, key, "sha-b", NOW)).isInstanceOf(UnprocessableException.class);

        store.complete(scope, key, "sha-a", CREATED, NOW);
        assertThatThrownBy(() -> store.begin(scope, key, "sha-b", NOW)).isInstanceOf(UnprocessableException.class);
    }

    @Test
    void release_afterAFailure_letsARetryRunTheRequest() {
        store.begin(scope, key, "sha-a", NOW);

        store.release(scope, key);

        assertThat(store.begin(scope, key, "sha-a", NOW)).isEmpty();
    }

    @Test
    void release_neverDropsACompletedResponse() {
        store.begin(scope, key, "sha-a", NOW);
        store.complete(scope, key, "sha-a", CREATED, NOW);

        store.release(scope, key);

        assertThat(store.begin(scope, key, "sha-a", NOW)).contains(CREATED);
    }

    @Test
    void begin_afterTheLeaseOfACrashedRequest_letsARetryRun() throws InterruptedException {
        RedisIdempotencyStore shortLease = store(redis, Duration.ofSeconds(1));
        shortLease.begin(scope, key, "sha-a", NOW);
        assertThatThrownBy(() -> shortLease.begin(scope, key, "sha-a", NOW)).isInstanceOf(ConflictException.class);

        // Redis ends the lease by expiring the key: wait for that, not for time to pass.
        String redisKey = RedisIdempotencyStore.redisKey(scope, key);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (redis.client().exists(redisKey)) {
            assertThat(System.nanoTime()).as("the lease key did not expire").isLessThan(deadline);
            Thread.sleep(20);
        }

        assertThat(shortLease.begin(scope, key, "sha-a", NOW)).isEmpty();
    }

    @Test
    void begin_sameKeyInAnotherScope_isIndependent() {
        store.begin(scope, key, "sha-a", NOW);
        store.complete(scope, key, "sha-a", CREATED, NOW);

        assertThat(store.begin("someone-else:POST /v1/files", key, "sha-b", NOW)).isEmpty();
    }

    @Test
    void begin_fromEightThreadsAtOnce_letsExactlyOneRun() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> {
                    try {
                        return store.begin(scope, key, "sha-a", NOW).isEmpty() ? "run" : "replay";
                    } catch (ConflictException e) {
                        return "conflict";
                    }
                });
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> future : pool.invokeAll(calls)) {
                outcomes.add(future.get());
            }

            assertThat(outcomes).filteredOn("run"::equals).hasSize(1);
            assertThat(outcomes).filteredOn("conflict"::equals).hasSize(7);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenRedisIsDown_beginRefusesWithRetryable503_andCompleteAndReleaseDoNotThrow() {
        try (Redis down = TestRedis.down()) {
            RedisIdempotencyStore failing = store(down, Duration.ofSeconds(60));
            double before = failing.failOpenCount();

            // never run a request with an Idempotency-Key unprotected: a client retry could run it twice
            assertThatThrownBy(() -> failing.begin(scope, key, "sha-a", NOW))
                    .isInstanceOfSatisfying(DependencyException.class, e -> {
                        assertThat(e.component()).isEqualTo("redis");
                        assertThat(e.retryable()).isTrue();
                    });
            failing.complete(scope, key, "sha-a", CREATED, NOW);
            failing.release(scope, key);

            assertThat(failing.failOpenCount()).isEqualTo(before + 3);
            assertThat(Metrics.scrape()).contains("idempotency_fail_open_total");
        }
    }
}
