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
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token-bucket rate limiter in Redis (GCRA, the generic cell rate algorithm): per caller one key holding the
 * bucket's theoretical arrival time (TAT, in µs). A caller may make {@code limit} requests at once, and the bucket
 * refills one request every {@value #WINDOW_SECONDS} s / {@code limit}. One Lua script checks and advances the TAT
 * atomically, so concurrent requests on any number of instances never exceed the limit; a denied request changes
 * nothing (a client that backs off is not penalised). O(1) per request whatever the limit — a sliding-window log
 * would keep one sorted-set entry per request of the last minute.
 *
 * <p><b>Permit leases.</b> For a caller that keeps this instance busy, the script may grant several permits at once:
 * the lease size doubles while leases are used up within {@value #LEASE_MILLIS} ms, up to 1 % of the limit (so at
 * the default limit of 100 per minute every request asks Redis), and halves when one lapses. The next requests take
 * the leased permits here without a round trip. Leased permits leave the bucket before they are used, so the limit
 * is never exceeded; a lease not used up within {@value #LEASE_MILLIS} ms lapses, which costs that caller at most
 * one lease (≤ 1 % of the limit) per instance. The {@code RateLimit-Remaining} of a request served from a lease is
 * the bucket's room when the lease was granted plus what is left of the lease.
 *
 * <p>Time is the {@code now} of the caller (instances keep their clocks in sync through NTP, as Azure does); the key
 * expires one window after the bucket is full again. The margin costs an idle caller's key one more minute of memory
 * and nothing else (a TAT in the past counts as a full bucket), and it keeps Redis's own clock, which expires keys,
 * from ever deciding for the callers' clocks: a key that expired the instant the bucket refilled would give a caller
 * whose clock runs a few milliseconds behind Redis's a full bucket early.
 *
 * <p>When Redis fails the request is allowed ({@link RateLimitDecision#degraded()}), counted in
 * {@code rate_limiter_fail_open_total} and logged as a warning at most every 30 seconds.
 */
public final class RedisRateLimiter implements RateLimiter {

    public static final int WINDOW_SECONDS = 60;
    static final String KEY_PREFIX = "ratelimit:gcra:";
    static final String FAIL_OPEN_COUNTER = "rate.limiter.fail.open";
    static final long LEASE_MILLIS = 1_000;

    private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);
    private static final long PERIOD_MICROS = WINDOW_SECONDS * 1_000_000L;
    private static final long LEASE_MICROS = LEASE_MILLIS * 1_000L;
    private static final int MAX_LEASED_CALLERS = 10_000;

    // KEYS[1] the caller's TAT (µs); ARGV: now (µs), period (µs), limit, permits wanted (>= 1).
    // Returns {permits granted (0 = denied), room left in the bucket, µs until the bucket is full,
    //          µs until a request would be allowed (0 when granted)}.
    private static final RedisScript SCRIPT = new RedisScript("""
            local now = tonumber(ARGV[1])
            local period = tonumber(ARGV[2])
            local limit = tonumber(ARGV[3])
            local wanted = tonumber(ARGV[4])
            local interval = period / limit
            local tat = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
            if tat < now then tat = now end
            local room = math.floor((now + period - tat) / interval + 1e-9)
            if room < 1 then
              return {0, 0, math.ceil(tat - now), math.ceil(tat + interval - period - now)}
            end
            local granted = math.min(wanted, room)
            tat = tat + granted * interval
            redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX', math.ceil((tat - now + period) / 1000))
            return {granted, room - granted, math.ceil(tat - now), 0}
            """);

    private final Supplier<Redis> redis;
    private final int limit;
    private final int maxLease;
    private final RedisFailOpen failOpen;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    /** @param redis the client, asked on each call (a client that failed to build is retried next time) */
    public RedisRateLimiter(Supplier<Redis> redis, RateLimitSettings settings, MeterRegistry registry, Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.limit = settings.perMinute();
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        this.maxLease = Math.max(1, limit / 100);
        this.failOpen = new RedisFailOpen(log, "rate limiting", registry, FAIL_OPEN_COUNTER,
                RedisFailOpen.DEFAULT_WARN_INTERVAL, clock);
    }

    @Override
    public RateLimitDecision acquire(String callerKey, Instant now) {
        if (callerKey == null || callerKey.isBlank()) {
            throw new IllegalArgumentException("callerKey is required");
        }
        Objects.requireNonNull(now, "now");
        long nowMicros = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
        Lease previous = leases.get(callerKey);
        if (previous != null) {
            RateLimitDecision leased = previous.take(nowMicros, limit);
            if (leased != null) {
                return leased;
            }
        }
        int wanted = previous == null ? 1 : previous.nextSize(nowMicros, maxLease);
        List<?> result;
        try {
            result = (List<?>) redis.get().execute("rate limit", client -> SCRIPT.run(client,
                    List.of(KEY_PREFIX + callerKey),
                    List.of(Long.toString(nowMicros), Long.toString(PERIOD_MICROS), Integer.toString(limit),
                            Integer.toString(wanted))));
        } catch (DependencyException e) {
            failOpen.record("rate limit", e);
            return RateLimitDecision.failOpen(limit);
        }
        int granted = (int) number(result, 0);
        int room = (int) number(result, 1);
        long fullInMicros = number(result, 2);
        if (granted < 1) {
            long retryInMicros = number(result, 3);
            remember(callerKey, Lease.denied(nowMicros, fullInMicros, retryInMicros));
            return new RateLimitDecision(false, limit, 0, ceilSeconds(fullInMicros),
                    Math.max(1, ceilSeconds(retryInMicros)), false);
        }
        if (maxLease > 1) {
            remember(callerKey, new Lease(granted, granted - 1, room, nowMicros, fullInMicros, nowMicros));
        } else if (previous != null) {
            leases.remove(callerKey, previous);
        }
        return new RateLimitDecision(true, limit, Math.min(limit, room + granted - 1), ceilSeconds(fullInMicros), 0,
                false);
    }

    /** Failures that were let through since start (for tests and diagnostics). */
    double failOpenCount() {
        return failOpen.count();
    }

    private void remember(String callerKey, Lease lease) {
        if (leases.size() >= MAX_LEASED_CALLERS) {
            leases.values().removeIf(l -> l.stale(lease.grantedAt));
        }
        if (leases.size() < MAX_LEASED_CALLERS) {
            leases.put(callerKey, lease);
        }
    }

    private static long number(List<?> result, int index) {
        return ((Number) result.get(index)).longValue();
    }

    private static long ceilSeconds(long micros) {
        return micros <= 0 ? 0 : (micros + 999_999) / 1_000_000;
    }

    /**
     * What this instance knows of one caller's bucket: {@code size} permits were granted at {@code grantedAt} and
     * {@code left} of them are unused; {@code room} was left in the bucket then and it was full again {@code fullIn}
     * µs later. A denial is remembered until the bucket has room ({@code allowedAt}): the TAT only ever moves
     * forward, so no instance can be granted a request before then and asking Redis again would be wasted.
     */
    private static final class Lease {

        private final int size;
        private int left;
        private final int room;
        private final long grantedAt;
        private final long fullIn;
        private final long allowedAt;

        Lease(int size, int left, int room, long grantedAt, long fullIn, long allowedAt) {
            this.size = size;
            this.left = left;
            this.room = room;
            this.grantedAt = grantedAt;
            this.fullIn = fullIn;
            this.allowedAt = allowedAt;
        }

        static Lease denied(long now, long fullIn, long retryIn) {
            return new Lease(1, 0, 0, now, fullIn, now + Math.max(0, retryIn));
        }

        boolean fresh(long now) {
            return now >= grantedAt && now - grantedAt < LEASE_MICROS;
        }

        boolean stale(long now) {
            return !fresh(now) && now >= allowedAt;
        }

        /** A permit from the lease, a denial while the bucket has no room, or null: ask Redis. */
        synchronized RateLimitDecision take(long now, int limit) {
            if (now >= grantedAt && now < allowedAt) {
                long retryIn = allowedAt - now;
                return new RateLimitDecision(false, limit, 0, ceilSeconds(Math.max(0, grantedAt + fullIn - now)),
                        Math.max(1, ceilSeconds(retryIn)), false);
            }
            if (left < 1 || !fresh(now)) {
                return null;
            }
            left--;
            return new RateLimitDecision(true, limit, Math.min(limit, room + left),
                    ceilSeconds(Math.max(0, grantedAt + fullIn - now)), 0, false);
        }

        /** Twice the size when this lease was used up while fresh, half when it lapsed (1 to {@code max}). */
        synchronized int nextSize(long now, int max) {
            int next = left < 1 && fresh(now) ? size * 2 : size / 2;
            return Math.max(1, Math.min(max, next));
        }
    }
}
