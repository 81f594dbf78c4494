package com.aisaas.ratelimit;

import com.aisaas.cache.Redis;
import com.aisaas.cache.RedisFailOpen;
import com.aisaas.cache.RedisScript;
import com.aisaas.common.DependencyException;
import com.aisaas.config.RateLimitSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sliding-window-log rate limiter in Redis: per caller a sorted set of the accepted requests' times in the
 * last {@value #WINDOW_SECONDS} seconds. One Lua script drops the entries that left the window, counts the
 * rest and adds the new request only when the count is below the limit, so concurrent requests on any number
 * of instances never exceed it. Denied requests are not recorded (a client that backs off is not penalised).
 *
 * <p>Time is the {@code now} of the caller (instances keep their clocks in sync through NTP, as Azure does);
 * the key expires one window after its last accepted request.
 *
 * <p>When Redis fails the request is allowed ({@link RateLimitDecision#degraded()}), counted in
 * {@code rate_limiter_fail_open_total} and logged as a warning at most every 30 seconds.
 */
public final class RedisRateLimiter implements RateLimiter {

    public static final int WINDOW_SECONDS = 60;
    static final String KEY_PREFIX = "ratelimit:";
    static final String FAIL_OPEN_COUNTER = "rate.limiter.fail.open";

    private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);
    private static final long WINDOW_MS = WINDOW_SECONDS * 1000L;

    // KEYS[1] the caller's log; ARGV: now (ms), window (ms), limit, a unique member for this request.
    // Returns {allowed 0/1, entries in the window after the call, oldest entry's time (ms) or -1}.
    private static final RedisScript SCRIPT = new RedisScript("""
            local now = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local limit = tonumber(ARGV[3])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            local count = redis.call('ZCARD', KEYS[1])
            local allowed = 0
            if count < limit then
              redis.call('ZADD', KEYS[1], now, ARGV[4])
              redis.call('PEXPIRE', KEYS[1], window)
              count = count + 1
              allowed = 1
            end
            local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            local oldestAt = -1
            if oldest[2] then oldestAt = tonumber(oldest[2]) end
            return {allowed, count, oldestAt}
            """);

    private final Supplier<Redis> redis;
    private final int limit;
    private final RedisFailOpen failOpen;

    /** @param redis the client, asked on each call (a client that failed to build is retried next time) */
    public RedisRateLimiter(Supplier<Redis> redis, RateLimitSettings settings, MeterRegistry registry, Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.limit = settings.perMinute();
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        this.failOpen = new RedisFailOpen(log, "rate limiting", registry, FAIL_OPEN_COUNTER,
                RedisFailOpen.DEFAULT_WARN_INTERVAL, clock);
    }

    @Override
    public RateLimitDecision acquire(String callerKey, Instant now) {
        if (callerKey == null || callerKey.isBlank()) {
            throw new IllegalArgumentException("callerKey is required");
        }
        Objects.requireNonNull(now, "now");
        long nowMs = now.toEpochMilli();
        String member = nowMs + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        List<?> result;
        try {
            result = (List<?>) redis.get().execute("rate limit", client -> SCRIPT.run(client,
                    List.of(KEY_PREFIX + callerKey),
                    List.of(Long.toString(nowMs), Long.toString(WINDOW_MS), Integer.toString(limit), member)));
        } catch (DependencyException e) {
            failOpen.record("rate limit", e);
            return RateLimitDecision.failOpen(limit);
        }
        boolean allowed = ((Number) result.get(0)).longValue() == 1;
        int count = (int) ((Number) result.get(1)).longValue();
        long oldestAt = ((Number) result.get(2)).longValue();
        // the window gains room when its oldest entry leaves it
        long resetSeconds = oldestAt < 0 ? 0 : ceilSeconds(oldestAt + WINDOW_MS - nowMs);
        int remaining = Math.max(0, limit - count);
        return allowed
                ? new RateLimitDecision(true, limit, remaining, resetSeconds, 0, false)
                : new RateLimitDecision(false, limit, 0, resetSeconds, Math.max(1, resetSeconds), false);
    }

    /** Failures that were let through since start (for tests and diagnostics). */
    double failOpenCount() {
        return failOpen.count();
    }

    private static long ceilSeconds(long millis) {
        return millis <= 0 ? 0 : (millis + 999) / 1000;
    }
}
