package com.aisaas.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPubSub;

/**
 * The metadata cache's level inside this process, in front of Redis: values this instance read from Redis, per
 * owner, kept for at most {@code ttl}. Whoever invalidates an owner publishes the owner id on {@value #CHANNEL} in
 * the same Lua script that replaces the owner's generation in Redis; every instance subscribes and drops that
 * owner's values when the message arrives, and the writing instance drops them itself before its write returns.
 *
 * <p>The level is used only while the subscription is confirmed: before the first confirmation, and from the moment
 * the subscription fails until it is confirmed again, every read goes to Redis and nothing is kept here (the level is
 * cleared at each change). Redis writes a published message to every subscriber before it answers the publisher, so
 * by the time a write's HTTP response leaves the writer, every instance has the invalidation on its socket; what is
 * left is the subscriber thread's reaction time, which is far shorter than a client's next round trip. A subscriber
 * connection that dies unnoticed (a half-open TCP connection) can miss messages: {@code ttl} bounds that.
 *
 * <p>An invalidation that arrives while a reader is between its Redis read and its put here would let the reader
 * keep the old value: each owner maps to a stripe whose counter the invalidation bumps first, and a put whose
 * stripe moved since the reader's {@link #stamp} is dropped (checked again after the put, which the invalidation may
 * have overtaken).
 */
final class NearCache implements AutoCloseable {

    static final String CHANNEL = "aisaas:cache:invalidate";
    private static final int STRIPES = 256;
    private static final int MAX_OWNERS = 10_000;
    private static final int MAX_VALUES_PER_OWNER = 256;
    private static final long FIRST_RETRY_MILLIS = 500;
    private static final long MAX_RETRY_MILLIS = 30_000;

    private static final Logger log = LoggerFactory.getLogger(NearCache.class);

    private final Supplier<Redis> redis;
    private final Clock clock;
    private final Cache<String, Map<String, Object>> owners;
    private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean live;
    private volatile boolean closed;
    private volatile Connection connection;
    private final RedisFailOpen failOpen;

    /** @param failOpen where a failed subscription is counted and warned about (at most once per interval) */
    NearCache(Supplier<Redis> redis, Duration ttl, RedisFailOpen failOpen, Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.failOpen = Objects.requireNonNull(failOpen, "failOpen");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.owners = Caffeine.newBuilder().maximumSize(MAX_OWNERS).expireAfterWrite(ttl).build();
    }

    /** Whether values are kept and served here (the subscription is confirmed). Starts the subscriber on first use. */
    boolean live() {
        if (!started.get()) {
            start();
        }
        return live;
    }

    /** The stamp a reader takes before it reads Redis, for {@link #put}. */
    long stamp(String owner) {
        return stripes.get(stripe(owner));
    }

    /** The value kept for {@code owner}'s {@code key} if it is a {@code type}, else null. */
    <T> T get(String owner, String key, Class<T> type) {
        if (!live()) {
            return null;
        }
        Map<String, Object> values = owners.getIfPresent(owner);
        Object value = values == null ? null : values.get(key);
        return type.isInstance(value) ? type.cast(value) : null;
    }

    /** Keeps what a reader read from Redis, unless the owner was invalidated since {@code stamp}. */
    void put(String owner, String key, Object value, long stamp) {
        int stripe = stripe(owner);
        if (!live || stripes.get(stripe) != stamp) {
            return;
        }
        Map<String, Object> values = owners.get(owner, o -> new ConcurrentHashMap<>());
        if (values.size() >= MAX_VALUES_PER_OWNER) {
            values.clear();
        }
        values.put(key, value);
        if (stripes.get(stripe) != stamp || !live) {
            values.remove(key, value);
        }
    }

    /** Drops everything kept for {@code owner} (its writes, here or announced by another instance). */
    void invalidate(String owner) {
        stripes.incrementAndGet(stripe(owner));
        owners.invalidate(owner);
    }

    @Override
    public void close() {
        closed = true;
        live = false;
        clear();
        disconnect();
    }

    /** Closing the subscriber's own connection ends its blocking read (a subscription in progress returns). */
    private void disconnect() {
        Connection current = connection;
        if (current != null) {
            try {
                current.close();
            } catch (RuntimeException e) {
                log.debug("cache invalidations: closing the connection failed: {}", e.toString());
            }
        }
    }

    private void start() {
        if (closed || !started.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(this::listen, "aisaas-cache-invalidations");
        thread.setDaemon(true);
        thread.start();
    }

    /** Subscribes, and subscribes again after a failure (with backoff), until closed. */
    private void listen() {
        long retry = FIRST_RETRY_MILLIS;
        while (!closed) {
            Instant began = clock.instant();
            JedisPubSub pubSub = new JedisPubSub() {
                @Override
                public void onSubscribe(String channel, int subscribedChannels) {
                    clear();
                    live = true;
                    log.debug("cache invalidations: subscribed to {}", channel);
                }

                @Override
                public void onMessage(String channel, String owner) {
                    invalidate(owner);
                }
            };
            try (Connection own = redis.get().dedicatedConnection()) {
                connection = own;
                if (!closed) {
                    pubSub.proceed(own, CHANNEL); // blocks; throws when the connection fails or is closed
                }
            } catch (RuntimeException e) {
                if (!closed) {
                    failOpen.record("subscribe", e);
                }
            } finally {
                connection = null;
                live = false;
                clear();
            }
            if (closed) {
                return;
            }
            if (Duration.between(began, clock.instant()).toMillis() > MAX_RETRY_MILLIS) {
                retry = FIRST_RETRY_MILLIS; // it was up for a while: this is a new failure
            }
            try {
                Thread.sleep(retry);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            retry = Math.min(retry * 2, MAX_RETRY_MILLIS);
        }
    }

    private void clear() {
        for (int i = 0; i < STRIPES; i++) {
            stripes.incrementAndGet(i);
        }
        owners.invalidateAll();
    }

    private static int stripe(String owner) {
        return Math.floorMod(owner.hashCode(), STRIPES);
    }
}
