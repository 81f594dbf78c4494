package com.aisaas.db;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an attempt up to {@code maxAttempts} times while it fails with a transient error, sleeping between
 * attempts with exponential backoff and full jitter: before attempt n+1 it sleeps a uniformly random time
 * in {@code [0, min(maxDelay, baseDelay * 2^(n-1))]}. Any other failure, or the last one, is rethrown as is.
 *
 * <p>With a {@link Deadline} the retries also stop when the next attempt could not finish in time: before attempt
 * n+1, {@code now + delay + reserve} must not pass the deadline ({@code reserve} is what one attempt may wait, e.g. the
 * pool's connection timeout). A deadline that {@linkplain Deadline#untilDeadline() runs until it is spent} ignores
 * {@code maxAttempts} (background work that should outlast an outage).
 */
public final class Retry {

    private static final Logger log = LoggerFactory.getLogger(Retry.class);

    /** One try; {@code attempt} counts from 1. */
    @FunctionalInterface
    public interface Attempt<T, E extends Exception> {
        T run(int attempt) throws E;
    }

    /** Sleeps; replaced in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * When retrying must stop: at {@code at} by {@code clock}, keeping {@code reserve} for the attempt itself;
     * {@code untilDeadline}: the attempt count is not limited, only the time.
     */
    public record Deadline(Clock clock, Instant at, Duration reserve, boolean untilDeadline) {

        public Deadline {
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(reserve, "reserve");
        }

        /** A deadline {@code budget} from now. */
        public static Deadline in(Clock clock, Duration budget, Duration reserve, boolean untilDeadline) {
            return new Deadline(clock, clock.instant().plus(budget), reserve, untilDeadline);
        }

        boolean allows(Duration delay) {
            return !clock.instant().plus(delay).plus(reserve).isAfter(at);
        }
    }

    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    public Retry(int maxAttempts, Duration baseDelay, Duration maxDelay, Sleeper sleeper, DoubleSupplier random) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.baseDelay = Objects.requireNonNull(baseDelay, "baseDelay");
        this.maxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Real sleeping and randomness; the delay is capped at 32 × base (at most 5 s). */
    public static Retry of(int maxAttempts, Duration baseDelay) {
        Duration cap = baseDelay.multipliedBy(32);
        if (cap.compareTo(Duration.ofSeconds(5)) > 0) {
            cap = Duration.ofSeconds(5);
        }
        return new Retry(maxAttempts, baseDelay, cap, d -> Thread.sleep(d.toMillis()),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Runs {@code attempt} until it succeeds, fails with an error {@code isTransient} rejects, or
     * {@code maxAttempts} attempts have failed; then rethrows the last failure.
     *
     * @param operation names the work in log lines
     */
    public <T, E extends Exception> T call(String operation, Attempt<T, E> attempt,
                                           Predicate<? super Exception> isTransient) throws E {
        return call(operation, attempt, isTransient, null);
    }

    /**
     * As {@link #call(String, Attempt, Predicate)}, and stops retrying when {@code deadline} (null: none) would be
     * passed; the last failure is rethrown.
     */
    @SuppressWarnings("unchecked")
    public <T, E extends Exception> T call(String operation, Attempt<T, E> attempt,
                                           Predicate<? super Exception> isTransient, Deadline deadline) throws E {
        boolean countAttempts = deadline == null || !deadline.untilDeadline();
        for (int n = 1; ; n++) {
            try {
                return attempt.run(n);
            } catch (Exception e) {
                if ((countAttempts && n >= maxAttempts) || !isTransient.test(e)) {
                    throw (E) e; // either a RuntimeException or the attempt's own E
                }
                Duration delay = delayBefore(n + 1);
                if (deadline != null && !deadline.allows(delay)) {
                    throw (E) e;
                }
                log.warn("{}: attempt {}{} failed with a transient error ({}); retrying in {} ms",
                        operation, n, countAttempts ? "/" + maxAttempts : "", e.toString(), delay.toMillis());
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw (E) e;
                }
            }
        }
    }

    /** The jittered delay before attempt {@code next} (2 or more). */
    Duration delayBefore(int next) {
        int exponent = Math.min(next - 2, 30);
        long ceiling = Math.min(maxDelay.toMillis(), baseDelay.toMillis() * (1L << exponent));
        return Duration.ofMillis((long) (random.getAsDouble() * ceiling));
    }
}
