package com.aisaas.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;

/**
 * What a Redis-backed feature does when Redis fails and it carries on without it (fail open): count it in a
 * metric and log a WARN at most once per interval, saying how many failures the quiet period swallowed.
 * Never throws.
 */
public final class RedisFailOpen {

    /** The default quiet period between two warnings of one feature. */
    public static final Duration DEFAULT_WARN_INTERVAL = Duration.ofSeconds(30);

    private final Logger log;
    private final String feature;
    private final Counter counter;
    private final Duration warnInterval;
    private final Clock clock;
    private final AtomicReference<Instant> lastWarning = new AtomicReference<>(Instant.MIN);
    private final AtomicLong suppressed = new AtomicLong();

    /**
     * @param feature     what fails open, in the warning ("rate limiting", "idempotency", "metadata cache")
     * @param counterName the Micrometer counter (e.g. {@code rate.limiter.fail.open}, scraped as
     *                    {@code rate_limiter_fail_open_total})
     */
    public RedisFailOpen(Logger log, String feature, MeterRegistry registry, String counterName,
                         Duration warnInterval, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.feature = Objects.requireNonNull(feature, "feature");
        this.counter = Counter.builder(counterName)
                .description(feature + " went on without Redis (fail open)")
                .register(Objects.requireNonNull(registry, "registry"));
        this.warnInterval = Objects.requireNonNull(warnInterval, "warnInterval");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Records one failure of {@code operation}; the exception's message must not carry secrets. */
    public void record(String operation, RuntimeException failure) {
        counter.increment();
        Instant now = clock.instant();
        Instant last = lastWarning.get();
        if (now.isBefore(last.plus(warnInterval)) || !lastWarning.compareAndSet(last, now)) {
            suppressed.incrementAndGet();
            return;
        }
        long quiet = suppressed.getAndSet(0);
        log.warn("{} fails open: redis {} failed ({}){}", feature, operation, summary(failure),
                quiet > 0 ? "; " + quiet + " more failures since the last warning" : "");
    }

    public double count() {
        return counter.count();
    }

    private static String summary(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }
}
