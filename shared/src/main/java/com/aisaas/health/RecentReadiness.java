package com.aisaas.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The readiness report of this instance, at most {@code maxAge} old, with at most one probe in flight: the first
 * caller that finds the last report too old runs the probe, everyone arriving meanwhile waits for that same run.
 * However often a load balancer or a stranger asks, the dependencies see one round of checks per {@code maxAge}
 * per instance. A DOWN report is kept like an UP one (that is when asking costs most); a probe that throws is
 * not kept: the next caller probes again.
 */
final class RecentReadiness {

    private record Snapshot(HealthReport report, Instant takenAt) {
    }

    private final Supplier<HealthReport> probe;
    private final Duration maxAge;
    private final Clock clock;
    private final AtomicReference<Snapshot> last = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<HealthReport>> inFlight = new AtomicReference<>();

    RecentReadiness(Supplier<HealthReport> probe, Duration maxAge, Clock clock) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative");
        }
    }

    HealthReport get() {
        while (true) {
            Snapshot snapshot = last.get();
            if (snapshot != null && fresh(snapshot)) {
                return snapshot.report();
            }
            CompletableFuture<HealthReport> running = inFlight.get();
            if (running != null) {
                return await(running);
            }
            CompletableFuture<HealthReport> mine = new CompletableFuture<>();
            if (inFlight.compareAndSet(null, mine)) {
                return lead(mine);
            }
        }
    }

    private boolean fresh(Snapshot snapshot) {
        return clock.instant().isBefore(snapshot.takenAt().plus(maxAge));
    }

    /**
     * Runs the probe for everyone waiting on {@code mine}. The snapshot is set before the flight ends, so a caller
     * that took the lead just after another flight ended finds that flight's report here and probes nothing.
     */
    private HealthReport lead(CompletableFuture<HealthReport> mine) {
        try {
            Snapshot snapshot = last.get();
            HealthReport report = snapshot != null && fresh(snapshot) ? snapshot.report() : probe.get();
            if (snapshot == null || snapshot.report() != report) {
                last.set(new Snapshot(report, clock.instant()));
            }
            last.set(new Snapshot(report, clock.instant()));
            mine.complete(report);
            return report;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.compareAndSet(mine, null);
        }
    }

    private static HealthReport await(CompletableFuture<HealthReport> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
