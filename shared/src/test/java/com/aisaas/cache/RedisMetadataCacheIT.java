package com.aisaas.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.config.CacheSettings;
import com.aisaas.telemetry.Metrics;
import com.aisaas.testing.TestRedis;
import com.aisaas.common.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import com.aisaas.devhost.services.LocalServices;
import com.aisaas.devhost.services.Service;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The metadata cache against a real redis-server. */
class RedisMetadataCacheIT {

    record FileMeta(String id, String name, long size, Instant createdAt) {
    }

    record Page(List<FileMeta> items, String nextCursor) {
    }

    private static final FileMeta REPORT = new FileMeta("f-1", "report.pdf", 1234, Instant.parse("2026-03-01T12:00:00Z"));
    private static final FileMeta RENAMED = new FileMeta("f-1", "renamed.pdf", 1234, REPORT.createdAt());
    private static Redis redis;

    private final RedisMetadataCache cache = cache(redis);
    private final Scope owner = new Scope("tenant-a", "owner-" + UUID.randomUUID());

    @BeforeAll
    static void connect() {
        redis = TestRedis.local();
    }

    @AfterAll
    static void close() {
        redis.close();
    }

    @AfterEach
    void stopSubscription() {
        cache.close();
    }

    private static RedisMetadataCache cache(Redis client) {
        return new RedisMetadataCache(() -> client, new CacheSettings(Duration.ofSeconds(60)), Metrics.registry(),
                Clock.systemUTC());
    }

    @Test
    void putThenGet_returnsTheValueAsJson_withTheTtl() {
        assertThat(cache.get(owner, "file:f-1", FileMeta.class)).isEmpty();
        cache.put(owner, "file:f-1", REPORT);

        assertThat(cache.get(owner, "file:f-1", FileMeta.class)).contains(REPORT);
        String generation = redis.client().get(RedisMetadataCache.generationKey(owner.key()));
        String valueKey = RedisMetadataCache.valuePrefix(owner.key()) + generation + ":file:f-1";
        assertThat(redis.client().get(valueKey)).contains("\"name\":\"report.pdf\"");
        assertThat(redis.client().pttl(valueKey)).isBetween(1L, 60_000L);
    }

    @Test
    void invalidateOwner_dropsEveryItemAndPageOfThatOwner_andNoOtherOwner() {
        Scope other = new Scope("tenant-a", "owner-" + UUID.randomUUID());
        cache.put(owner, "file:f-1", REPORT);
        cache.put(owner, "page:first", new Page(List.of(REPORT), "c1"));
        cache.put(other, "file:f-1", REPORT);

        cache.invalidate(owner);

        assertThat(cache.get(owner, "file:f-1", FileMeta.class)).isEmpty();
        assertThat(cache.get(owner, "page:first", Page.class)).isEmpty();
        assertThat(cache.get(other, "file:f-1", FileMeta.class)).contains(REPORT);
    }

    @Test
    void theSameOwnerIdInAnotherTenant_isAnotherScope_withItsOwnValuesAndInvalidation() {
        Scope twin = new Scope("tenant-b", owner.ownerId());
        cache.put(owner, "file:f-1", REPORT);

        assertThat(cache.get(twin, "file:f-1", FileMeta.class)).isEmpty();
        cache.put(twin, "file:f-1", new FileMeta("f-1", "other.pdf", 1, Instant.EPOCH));
        cache.invalidate(twin);

        assertThat(cache.get(owner, "file:f-1", FileMeta.class)).contains(REPORT);
        assertThat(cache.get(twin, "file:f-1", FileMeta.class)).isEmpty();
    }

    @Test
    void readerPuttingWhatItLoadedBeforeTheAuthorsWrite_isDropped_soTheAuthorNeverSeesTheOldValue()
            throws Exception {
        cache.put(owner, "file:f-1", REPORT);
        cache.invalidate(owner);
        CountDownLatch missed = new CountDownLatch(1);
        CountDownLatch written = new CountDownLatch(1);
        AtomicReference<Boolean> readerMissed = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            readerMissed.set(cache.get(owner, "file:f-1", FileMeta.class).isEmpty());
            missed.countDown();
            await(written);
            cache.put(owner, "file:f-1", REPORT); // the row it loaded before the rename
        });
        reader.start();
        missed.await();

        cache.invalidate(owner); // the author's rename has committed
        written.countDown();
        reader.join();

        assertThat(readerMissed.get()).isTrue();
        assertThat(cache.get(owner, "file:f-1", FileMeta.class)).isEmpty();
        cache.put(owner, "file:f-1", RENAMED);
        assertThat(cache.get(owner, "file:f-1", FileMeta.class)).contains(RENAMED);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void put_afterAMissWithoutInvalidation_isStored() {
        assertThat(cache.get(owner, "file:f-1", FileMeta.class)).isEmpty();
        cache.put(owner, "file:f-1", REPORT);

        assertThat(cache.get(owner, "file:f-1", FileMeta.class)).contains(REPORT);
    }

    @Test
    void evictedGenerationKey_neverBringsOldValuesBack() {
        cache.put(owner, "file:f-1", REPORT);
        redis.client().del(RedisMetadataCache.generationKey(owner.key()));

        assertThat(cache.get(owner, "file:f-1", FileMeta.class)).isEmpty();
    }

    @Test
    void get_valueOfAnotherShape_isAMiss() {
        cache.put(owner, "file:f-1", "just a string");

        assertThat(cache.get(owner, "file:f-1", FileMeta.class)).isEmpty();
    }

    @Test
    void whenRedisIsDown_getsMiss_andWritesDoNothing() {
        try (Redis down = TestRedis.down()) {
            RedisMetadataCache failing = cache(down);
            double before = failing.failOpenCount();

            assertThat(failing.get(owner, "file:f-1", FileMeta.class)).isEmpty();
            failing.put(owner, "file:f-1", REPORT);
            failing.invalidate(owner);

            assertThat(failing.failOpenCount()).isEqualTo(before + 3);
            assertThat(Metrics.scrape()).contains("metadata_cache_fail_open_total");
        }
    }

    @Test
    void failedInvalidation_makesThisInstanceBypassTheOwnersCache_untilTheTtlHasPassed() {
        cache.put(owner, "file:f-1", REPORT);
        try (Redis down = TestRedis.down()) {
            AtomicReference<Redis> current = new AtomicReference<>(down);
            RedisMetadataCache flaky = new RedisMetadataCache(current::get, new CacheSettings(Duration.ofSeconds(60)),
                    Metrics.registry(), Clock.systemUTC());

            flaky.invalidate(owner); // Redis blips during the author's write
            current.set(redis);           // and is back for the next read

            assertThat(flaky.get(owner, "file:f-1", FileMeta.class)).isEmpty();
            assertThat(cache.get(owner, "file:f-1", FileMeta.class)).contains(REPORT); // an instance that saw no failure
        }
    }

    @Test
    void nearLevel_onceSubscribed_servesRepeatedReadsWithoutARoundTrip_andDropsOnThisInstancesWrite() {
        AtomicInteger roundTrips = new AtomicInteger();
        try (RedisMetadataCache counted = new RedisMetadataCache(() -> {
            roundTrips.incrementAndGet();
            return redis;
        }, new CacheSettings(Duration.ofSeconds(60)), Metrics.registry(), Clock.systemUTC())) {
            await(counted::nearLive);
            counted.put(owner, "file:f-1", REPORT);
            assertThat(counted.get(owner, "file:f-1", FileMeta.class)).contains(REPORT); // read from Redis, kept
            int before = roundTrips.get();

            for (int i = 0; i < 100; i++) {
                assertThat(counted.get(owner, "file:f-1", FileMeta.class)).contains(REPORT);
            }
            assertThat(roundTrips).hasValue(before);

            counted.invalidate(owner);
            assertThat(counted.get(owner, "file:f-1", FileMeta.class)).isEmpty();
            assertThat(roundTrips.get()).isGreaterThan(before);
        }
    }

    @Test
    void nearLevel_anotherInstancesWrite_replacesWhatThisInstanceKept() {
        try (RedisMetadataCache writer = cache(redis); RedisMetadataCache reader = cache(redis)) {
            await(writer::nearLive);
            await(reader::nearLive);
            writer.put(owner, "file:f-1", REPORT);
            assertThat(reader.get(owner, "file:f-1", FileMeta.class)).contains(REPORT);
            assertThat(reader.get(owner, "file:f-1", FileMeta.class)).contains(REPORT); // now from its near level

            writer.invalidate(owner);
            writer.put(owner, "file:f-1", RENAMED);

            // well within the near level's 10 s: the announcement, not expiry, drops the old value
            await(() -> reader.get(owner, "file:f-1", FileMeta.class).equals(java.util.Optional.of(RENAMED)));
        }
    }

    @Test
    void nearLevel_whenTheSubscriptionBreaks_keepsNothing_untilItIsBack() {
        try (LocalServices own = LocalServices.start(LocalServices.Options.defaults().services(Service.REDIS));
             Redis client = TestRedis.connect(own.redis().url());
             RedisMetadataCache ownCache = cache(client)) {
            await(ownCache::nearLive);
            ownCache.put(owner, "file:f-1", REPORT);
            assertThat(ownCache.get(owner, "file:f-1", FileMeta.class)).contains(REPORT);

            own.redis().stop();
            await(() -> !ownCache.nearLive());
            assertThat(Metrics.scrape()).contains("metadata_cache_near_fail_open_total");

            // nothing is served from the near level while invalidations cannot arrive: Redis is down, so a miss
            assertThat(ownCache.get(owner, "file:f-1", FileMeta.class)).isEmpty();

            own.redis().start();
            await(ownCache::nearLive);
            ownCache.put(owner, "file:f-1", RENAMED);
            assertThat(ownCache.get(owner, "file:f-1", FileMeta.class)).contains(RENAMED);
        }
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 8 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
