package com.aisaas.cache;

import com.aisaas.common.DependencyException;
import com.aisaas.common.Json;
import com.aisaas.common.Scope;
import com.aisaas.config.CacheSettings;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata cache in Redis: JSON values (the shared Jackson mapper) with CACHE_TTL_SECONDS of life, grouped
 * per scope (tenant and owner, {@link Scope#key}) by a generation. Keys: {@code mcache:{<scope>}:g} holds the
 * scope's current generation (a random token), {@code mcache:{<scope>}:<generation>:<key>} the values.
 * {@link #invalidate} replaces the
 * generation, which orphans every value of that owner at once (O(1)); orphans expire with their TTL.
 *
 * <p>Read-your-writes: the writer calls {@link #invalidateOwner} after its change is committed. A reader that
 * missed, loaded the old row from the database and then puts it after that invalidation must not resurrect
 * it: {@link #put} writes only under the generation that the same thread's preceding {@link #get} of that
 * owner and key saw, and drops the value when the generation has changed since. A generation key is never
 * defaulted (a missing one means "no values"), so an evicted generation key cannot bring old values back.
 * If the invalidation itself fails, this instance bypasses the owner's cache for one TTL.
 *
 * <p>In front of Redis, each instance keeps what it read in a {@link NearCache} for at most {@value #NEAR_TTL_SECONDS} s
 * (or CACHE_TTL_SECONDS when shorter), dropped when any instance invalidates the owner: the invalidation publishes
 * the owner on {@value NearCache#CHANNEL} in the same script that replaces the generation, so a hot file costs no
 * Redis round trip per read and a write is still seen at once (see {@link NearCache} for the exact guarantee).
 *
 * <p>Redis failures are misses (get) or no-ops (put, invalidate), counted in
 * {@code metadata_cache_fail_open_total} and logged as a warning at most every 30 seconds.
 */
public final class RedisMetadataCache implements MetadataCache {

    static final String KEY_PREFIX = "mcache:";
    static final String FAIL_OPEN_COUNTER = "metadata.cache.fail.open";
    /** Failed subscriptions of the near level (it is off meanwhile): {@code metadata_cache_near_fail_open_total}. */
    static final String NEAR_FAIL_OPEN_COUNTER = "metadata.cache.near.fail.open";
    private static final String NO_SNAPSHOT = "";
    private static final String ABSENT = "-";
    private static final int MAX_BYPASSED_OWNERS = 10_000;
    static final int NEAR_TTL_SECONDS = 10;

    private static final Logger log = LoggerFactory.getLogger(RedisMetadataCache.class);

    // KEYS[1] generation key; ARGV[1] value key prefix. Returns {generation or nil, value or nil}.
    private static final RedisScript GET = new RedisScript("""
            local g = redis.call('GET', KEYS[1])
            if not g then return {false, false} end
            return {g, redis.call('GET', ARGV[1] .. g .. ':' .. ARGV[2])}
            """);

    // KEYS[1] generation key; ARGV: prefix, key, expected generation ('' none, '-' absent), value, ttl ms,
    // a new generation for an owner without one, generation ttl ms. Returns 1 if stored.
    private static final RedisScript PUT = new RedisScript("""
            local cur = redis.call('GET', KEYS[1])
            local expected = ARGV[3]
            if expected == '-' then
              if cur then return 0 end
            elseif expected ~= '' then
              if cur ~= expected then return 0 end
            end
            if not cur then
              cur = ARGV[6]
              redis.call('SET', KEYS[1], cur, 'PX', ARGV[7])
            else
              redis.call('PEXPIRE', KEYS[1], ARGV[7])
            end
            redis.call('SET', ARGV[1] .. cur .. ':' .. ARGV[2], ARGV[4], 'PX', ARGV[5])
            return 1
            """);

    // KEYS[1] generation key; ARGV: new generation, ttl ms, channel, owner. Replaces the generation and announces it.
    private static final RedisScript INVALIDATE = new RedisScript("""
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return redis.call('PUBLISH', ARGV[3], ARGV[4])
            """);

    private final Supplier<Redis> redis;
    private final NearCache near;
    private final Duration ttl;
    private final Clock clock;
    private final RedisFailOpen failOpen;
    private final ThreadLocal<Snapshot> lastMiss = new ThreadLocal<>();
    private final Map<String, Instant> bypassUntil = new ConcurrentHashMap<>();

    /** @param redis the client, asked on each call (a client that failed to build is retried next time) */
    public RedisMetadataCache(Supplier<Redis> redis, CacheSettings settings, MeterRegistry registry, Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.ttl = settings.ttl();
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must be positive (use MetadataCache.disabled())");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.failOpen = new RedisFailOpen(log, "metadata cache", registry, FAIL_OPEN_COUNTER,
                RedisFailOpen.DEFAULT_WARN_INTERVAL, clock);
        Duration nearTtl = Duration.ofSeconds(NEAR_TTL_SECONDS);
        this.near = new NearCache(redis, ttl.compareTo(nearTtl) < 0 ? ttl : nearTtl,
                new RedisFailOpen(log, "metadata cache's near level (reads go to Redis)", registry, NEAR_FAIL_OPEN_COUNTER,
                        RedisFailOpen.DEFAULT_WARN_INTERVAL, clock), clock);
    }

    @Override
    public <T> Optional<T> get(Scope scope, String key, Class<T> type) {
        String scopeKey = scope.key();
        check(scopeKey, key);
        Objects.requireNonNull(type, "type");
        lastMiss.remove();
        if (bypassed(scopeKey)) {
            return Optional.empty();
        }
        T kept = near.get(scopeKey, key, type);
        if (kept != null) {
            return Optional.of(kept);
        }
        long stamp = near.stamp(scopeKey);
        List<?> result;
        try {
            result = (List<?>) redis.get().execute("cache get", client -> GET.run(client,
                    List.of(generationKey(scopeKey)), List.of(valuePrefix(scopeKey), key)));
        } catch (DependencyException e) {
            failOpen.record("cache get", e);
            return Optional.empty();
        }
        Object generation = result.get(0);
        Object value = result.size() > 1 ? result.get(1) : null;
        if (value != null) {
            try {
                T parsed = Json.mapper().readValue(value.toString(), type);
                near.put(scopeKey, key, parsed, stamp);
                return Optional.of(parsed);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                log.debug("cached {} of owner is unreadable as {}: {}", key, type.getSimpleName(), e.toString());
            }
        }
        lastMiss.set(new Snapshot(scopeKey, key, generation == null ? ABSENT : generation.toString()));
        return Optional.empty();
    }

    @Override
    public void put(Scope scope, String key, Object value) {
        String scopeKey = scope.key();
        check(scopeKey, key);
        Objects.requireNonNull(value, "value");
        Snapshot snapshot = lastMiss.get();
        lastMiss.remove();
        if (bypassed(scopeKey)) {
            return;
        }
        String expected = snapshot != null && snapshot.scopeKey().equals(scopeKey) && snapshot.key().equals(key)
                ? snapshot.generation() : NO_SNAPSHOT;
        String json = Json.write(value);
        try {
            redis.get().execute("cache put", client -> PUT.run(client, List.of(generationKey(scopeKey)),
                    List.of(valuePrefix(scopeKey), key, expected, json, Long.toString(ttl.toMillis()),
                            newGeneration(), Long.toString(ttl.toMillis() * 2))));
        } catch (DependencyException e) {
            failOpen.record("cache put", e);
        }
    }

    @Override
    public void invalidate(Scope scope) {
        String scopeKey = scope.key();
        check(scopeKey, "-");
        try {
            redis.get().execute("cache invalidate", client -> INVALIDATE.run(client, List.of(generationKey(scopeKey)),
                    List.of(newGeneration(), Long.toString(ttl.toMillis() * 2), NearCache.CHANNEL, scopeKey)));
        } catch (DependencyException e) {
            failOpen.record("cache invalidate", e);
            bypass(scopeKey);
        } finally {
            near.invalidate(scopeKey);
        }
    }

    /** Whether the near level is in use (its subscription is confirmed); starts it on first call. */
    boolean nearLive() {
        return near.live();
    }

    /** Stops the near cache's subscription. */
    @Override
    public void close() {
        near.close();
    }

    static String generationKey(String scopeKey) {
        return KEY_PREFIX + "{" + scopeKey + "}:g";
    }

    static String valuePrefix(String scopeKey) {
        return KEY_PREFIX + "{" + scopeKey + "}:";
    }

    private static String newGeneration() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private boolean bypassed(String scopeKey) {
        if (bypassUntil.isEmpty()) {
            return false;
        }
        Instant until = bypassUntil.get(scopeKey);
        if (until == null) {
            return false;
        }
        if (clock.instant().isBefore(until)) {
            return true;
        }
        bypassUntil.remove(scopeKey, until);
        return false;
    }

    private void bypass(String scopeKey) {
        Instant now = clock.instant();
        if (bypassUntil.size() >= MAX_BYPASSED_OWNERS) {
            bypassUntil.values().removeIf(until -> !now.isBefore(until));
        }
        if (bypassUntil.size() < MAX_BYPASSED_OWNERS) {
            bypassUntil.put(scopeKey, now.plus(ttl));
        }
    }

    private static void check(String scopeKey, String key) {
        if (scopeKey == null || scopeKey.isEmpty()) {
            throw new IllegalArgumentException("scopeKey is required");
        }
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key is required");
        }
    }

    double failOpenCount() {
        return failOpen.count();
    }

    /** What this thread's last miss saw: the owner's generation, or {@value #ABSENT} when it had none. */
    private record Snapshot(String scopeKey, String key, String generation) {
    }
}
