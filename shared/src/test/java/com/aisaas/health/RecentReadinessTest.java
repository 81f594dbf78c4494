package com.aisaas.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.common.DependencyException;
import com.aisaas.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RecentReadinessTest {

    private static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2025-05-01T12:00:00Z"));
    private final AtomicInteger probes = new AtomicInteger();

    /** A probe that counts its runs and reports UP with the run's number as checkedAt's second. */
    private final Supplier<HealthReport> counting = () -> {
        int run = probes.incrementAndGet();
        return new HealthReport(ComponentHealth.UP, Instant.EPOCH.plusSeconds(run), Map.of());
    };

    @Test
    void aReportYoungerThanMaxAge_isServedAgain_andAnOlderOneIsReplaced() {
        RecentReadiness readiness = new RecentReadiness(counting, MAX_AGE, clock);

        HealthReport first = readiness.get();
        clock.advance(MAX_AGE.minusMillis(1));
        HealthReport stillFirst = readiness.get();
        clock.advance(Duration.ofMillis(1));
        HealthReport second = readiness.get();

        assertThat(stillFirst).isSameAs(first);
        assertThat(second).isNotSameAs(first);
        assertThat(probes).hasValue(2);
    }

    @Test
    void aDownReport_isKeptLikeAnUpOne() {
        AtomicInteger runs = new AtomicInteger();
        RecentReadiness readiness = new RecentReadiness(() -> {
            runs.incrementAndGet();
            return new HealthReport(ComponentHealth.DOWN, clock.instant(), Map.of());
        }, MAX_AGE, clock);

        for (int i = 0; i < 100; i++) {
            assertThat(readiness.get().isUp()).isFalse();
        }

        assertThat(runs).hasValue(1);
    }

    @Test
    void aProbeThatThrows_isNotKept_theNextCallerProbesAgain() {
        AtomicInteger runs = new AtomicInteger();
        RecentReadiness readiness = new RecentReadiness(() -> {
            if (runs.incrementAndGet() == 1) {
                throw new DependencyException("settings", false, "broken");
            }
            return new HealthReport(ComponentHealth.UP, clock.instant(), Map.of());
        }, MAX_AGE, clock);

        assertThatThrownBy(readiness::get).isInstanceOf(DependencyException.class);
        assertThat(readiness.get().isUp()).isTrue();
        assertThat(runs).hasValue(2);
    }

    /**
     * While the one probe runs, it starts more callers and returns only once each of them is parked waiting for it
     * (or, were there no single flight, has finished on its own): whatever the scheduling, they must all get the
     * leader's report from that one probe. The clock stands still, so the outcome depends on nothing but the code.
     */
    @Test
    void concurrentCallers_whileAProbeIsInFlight_waitForItAndShareItsReport() throws Exception {
        ConcurrentLinkedQueue<Object> results = new ConcurrentLinkedQueue<>();
        List<Thread> followers = new ArrayList<>();
        RecentReadiness[] readiness = new RecentReadiness[1];
        readiness[0] = new RecentReadiness(() -> {
            HealthReport report = counting.get();
            if (probes.get() == 1) {
                for (int i = 0; i < 8; i++) {
                    Thread follower = new Thread(() -> results.add(readiness[0].get()), "follower-" + i);
                    followers.add(follower);
                    follower.start();
                }
                for (Thread follower : followers) {
                    while (follower.getState() != Thread.State.WAITING
                            && follower.getState() != Thread.State.TERMINATED) {
                        Thread.onSpinWait();
                    }
                }
            }
            return report;
        }, MAX_AGE, clock);

        HealthReport leader = readiness[0].get();
        for (Thread follower : followers) {
            follower.join();
        }

        assertThat(probes).hasValue(1);
        assertThat(results).hasSize(8).allSatisfy(report -> assertThat(report).isSameAs(leader));
    }

    @Test
    void followersOfAProbeThatThrows_getItsException() throws Exception {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> followers = new ArrayList<>();
        RecentReadiness[] readiness = new RecentReadiness[1];
        readiness[0] = new RecentReadiness(() -> {
            if (probes.incrementAndGet() == 1) {
                for (int i = 0; i < 3; i++) {
                    Thread follower = new Thread(() -> {
                        try {
                            readiness[0].get();
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    });
                    followers.add(follower);
                    follower.start();
                }
                for (Thread follower : followers) {
                    while (follower.getState() != Thread.State.WAITING
                            && follower.getState() != Thread.State.TERMINATED) {
                        Thread.onSpinWait();
                    }
                }
                throw new DependencyException("settings", false, "broken");
            }
            return new HealthReport(ComponentHealth.UP, clock.instant(), Map.of());
        }, MAX_AGE, clock);

        assertThatThrownBy(readiness[0]::get).isInstanceOf(DependencyException.class);
        for (Thread follower : followers) {
            follower.join();
        }

        assertThat(failures).hasSize(3).allSatisfy(e -> assertThat(e).isInstanceOf(DependencyException.class));
        assertThat(probes).hasValue(1);
    }
}
