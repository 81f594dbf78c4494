package com.aisaas.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops calling a dependency that is down, so that callers fail at once instead of each waiting out a timeout.
 *
 * <ul>
 *   <li><b>closed</b>: calls pass. {@code failureThreshold} transient failures in a row, or one call that timed out
 *       (it waited its whole bound: the dependency is silent, not refusing), open the circuit.</li>
 *   <li><b>open</b>: {@link #acquire} throws a {@link CircuitOpenException} (retryable, with a Retry-After) without
 *       touching the network. With a {@link Probe}, a background task probes the dependency every
 *       {@code probeInterval} and closes the circuit on the first success, so that the first call after a recovery
 *       already succeeds. Without one (or while probes keep failing), after {@code openDuration} one caller is let
 *       through as the trial call (half-open).</li>
 *   <li><b>half-open</b>: the one trial call is in flight; others are refused. Its success closes the circuit, its
 *       failure opens it again for {@code openDuration}.</li>
 * </ul>
 * Non-transient failures (a rejected statement, a constraint) prove that the dependency answers and count as success.
 * Time comes from the injected {@link Clock}; probing is scheduled on the injected executor (none in unit tests, which
 * call {@link #probeNow()} themselves).
 */
public final class CircuitBreaker {

    /** A cheap check that the dependency answers (a {@code select 1}, a PING); throws when it does not. */
    @FunctionalInterface
    public interface Probe {
        void check() throws Exception;
    }

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private static final Logger log = LoggerFactory.getLogger(CircuitBreaker.class);

    private final String component;
    private final BreakerSettings settings;
    private final Clock clock;
    private final Probe probe;
    private final ScheduledExecutorService scheduler;

    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Instant openUntil = Instant.MIN;
    private Instant openedAt = Instant.MIN;
    private ScheduledFuture<?> probing;
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong permitted = new AtomicLong();

    /**
     * @param probe     checks the dependency while the circuit is open (null: only trial calls close it)
     * @param scheduler runs the probe every {@code probeInterval} while open (null: probe only through {@link #probeNow})
     */
    public CircuitBreaker(String component, BreakerSettings settings, Clock clock, Probe probe,
                          ScheduledExecutorService scheduler) {
        this.component = Objects.requireNonNull(component, "component");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.probe = probe;
        this.scheduler = scheduler;
    }

    /** A breaker that never opens (tools and tests that want the plain retry behaviour). */
    public static CircuitBreaker disabled(String component) {
        return new CircuitBreaker(component, BreakerSettings.DISABLED, Clock.systemUTC(), null, null);
    }

    public String component() {
        return component;
    }

    /**
     * Asks to make one call.
     *
     * @throws CircuitOpenException (retryable, with Retry-After) while the circuit is open or a trial call is running
     */
    public synchronized void acquire() {
        if (state == State.CLOSED || !settings.enabled()) {
            permitted.incrementAndGet();
            return;
        }
        Instant now = clock.instant();
        if (state == State.OPEN && !now.isBefore(openUntil)) {
            state = State.HALF_OPEN;
            permitted.incrementAndGet();
            return; // this caller is the trial call
        }
        rejected.incrementAndGet();
        throw new CircuitOpenException(component, retryAfter(now));
    }

    /** The call answered (or failed in a way that proves the dependency answers). */
    public void onSuccess() {
        boolean closed;
        synchronized (this) {
            consecutiveFailures = 0;
            closed = state != State.CLOSED;
            if (closed) {
                close();
            }
        }
        if (closed) {
            log.info("{} answers again: circuit closed", component);
        }
    }

    /**
     * The call failed with a transient error.
     *
     * @param timedOut the call waited out its whole bound (a silent dependency): opens the circuit at once
     */
    public void onFailure(boolean timedOut) {
        if (!settings.enabled()) {
            return;
        }
        boolean opened = false;
        synchronized (this) {
            consecutiveFailures++;
            if (state == State.HALF_OPEN || (state == State.CLOSED
                    && (timedOut || consecutiveFailures >= settings.failureThreshold()))) {
                opened = state == State.CLOSED;
                open();
            }
        }
        if (opened) {
            log.warn("{} {}: circuit open, calls fail fast for at least {} ms", component,
                    timedOut ? "timed out" : "failed " + settings.failureThreshold() + " times in a row",
                    settings.openDuration().toMillis());
        }
    }

    /** Runs the probe once (the scheduler calls this while the circuit is open); true when the dependency answered. */
    public boolean probeNow() {
        if (probe == null) {
            return false;
        }
        try {
            probe.check();
        } catch (Exception | LinkageError e) {
            synchronized (this) {
                if (state == State.OPEN) {
                    openUntil = clock.instant().plus(settings.openDuration());
                }
            }
            log.debug("{} probe failed: {}", component, e.toString());
            return false;
        }
        onSuccess();
        return true;
    }

    public synchronized State state() {
        return state;
    }

    /** Calls let through since start (trial calls included). */
    public long permittedCalls() {
        return permitted.get();
    }

    /** Calls refused at once because the circuit was open. */
    public long rejectedCalls() {
        return rejected.get();
    }

    /** What a client should wait: until the next trial call, at least 1 s, at most {@code openDuration}. */
    private Duration retryAfter(Instant now) {
        Duration left = Duration.between(now, openUntil);
        long seconds = Math.max(1, (left.toMillis() + 999) / 1000);
        long max = Math.max(1, (settings.openDuration().toMillis() + 999) / 1000);
        return Duration.ofSeconds(Math.min(seconds, max));
    }

    private void open() {
        Instant now = clock.instant();
        if (state == State.CLOSED) {
            openedAt = now;
        }
        state = State.OPEN;
        openUntil = now.plus(settings.openDuration());
        if (probe != null && scheduler != null && probing == null) {
            long interval = Math.max(1, settings.probeInterval().toMillis());
            try {
                probing = scheduler.scheduleWithFixedDelay(this::probeWhileOpen, interval, interval,
                        TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                probing = null; // shutting down: trial calls still close the circuit
            }
        }
    }

    private void close() {
        state = State.CLOSED;
        consecutiveFailures = 0;
        if (probing != null) {
            probing.cancel(false);
            probing = null;
        }
    }

    private void probeWhileOpen() {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
        }
        probeNow();
    }

    /** When the circuit last opened (for logs and health details). */
    public synchronized Instant openedAt() {
        return openedAt;
    }

    @Override
    public synchronized String toString() {
        return "CircuitBreaker[" + component + ", " + state + "]";
    }
}
