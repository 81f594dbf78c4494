package com.aisaas.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final BreakerSettings SETTINGS =
            new BreakerSettings(true, 3, Duration.ofSeconds(5), Duration.ofMillis(250));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicBoolean dependencyUp = new AtomicBoolean(false);
    private final AtomicInteger probes = new AtomicInteger();

    private CircuitBreaker breaker(CircuitBreaker.Probe probe) {
        return new CircuitBreaker("postgres", SETTINGS, clock, probe, null);
    }

    private CircuitBreaker.Probe probe() {
        return () -> {
            probes.incrementAndGet();
            if (!dependencyUp.get()) {
                throw new IllegalStateException("connection refused");
            }
        };
    }

    private static void fail(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            breaker.acquire();
            breaker.onFailure(false);
        }
    }

    @Test
    void closed_belowTheThreshold_letsCallsThrough() {
        CircuitBreaker breaker = breaker(null);

        fail(breaker, 2);
        breaker.acquire();

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.permittedCalls()).isEqualTo(3);
    }

    @Test
    void successBetweenFailures_resetsTheCount() {
        CircuitBreaker breaker = breaker(null);

        fail(breaker, 2);
        breaker.acquire();
        breaker.onSuccess();
        fail(breaker, 2);

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void thresholdOfTransientFailuresInARow_opens_andRefusesAtOnceWithRetryAfter() {
        CircuitBreaker breaker = breaker(null);

        fail(breaker, 3);

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(breaker::acquire).isInstanceOfSatisfying(CircuitOpenException.class, e -> {
            assertThat(e.component()).isEqualTo("postgres");
            assertThat(e.retryable()).isTrue();
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
        });
        assertThat(breaker.rejectedCalls()).isEqualTo(1);
        assertThat(breaker.permittedCalls()).isEqualTo(3);
    }

    @Test
    void oneTimeout_opensAtOnce() {
        CircuitBreaker breaker = breaker(null);

        breaker.acquire();
        breaker.onFailure(true);

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void open_retryAfterShrinksTowardsTheTrialCall_butIsAtLeastOneSecond() {
        CircuitBreaker breaker = breaker(null);
        fail(breaker, 3);

        clock.advance(Duration.ofMillis(3_500));
        assertThatThrownBy(breaker::acquire).isInstanceOfSatisfying(CircuitOpenException.class,
                e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(2)));
        clock.advance(Duration.ofMillis(1_400));
        assertThatThrownBy(breaker::acquire).isInstanceOfSatisfying(CircuitOpenException.class,
                e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(1)));
    }

    @Test
    void afterOpenDuration_oneTrialCallPasses_othersAreRefused_andItsSuccessCloses() {
        CircuitBreaker breaker = breaker(null);
        fail(breaker, 3);
        clock.advance(Duration.ofSeconds(5));

        breaker.acquire(); // the trial call
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThatThrownBy(breaker::acquire).isInstanceOf(CircuitOpenException.class);

        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.acquire();
    }

    @Test
    void failedTrialCall_opensAgainForAnotherOpenDuration() {
        CircuitBreaker breaker = breaker(null);
        fail(breaker, 3);
        clock.advance(Duration.ofSeconds(5));

        breaker.acquire();
        breaker.onFailure(false);

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        clock.advance(Duration.ofMillis(4_999));
        assertThatThrownBy(breaker::acquire).isInstanceOf(CircuitOpenException.class);
        clock.advance(Duration.ofMillis(1));
        breaker.acquire();
    }

    @Test
    void probe_whileTheDependencyIsDown_keepsTheCircuitOpen_andPostponesTheTrialCall() {
        CircuitBreaker breaker = breaker(probe());
        fail(breaker, 3);
        clock.advance(Duration.ofSeconds(4));

        assertThat(breaker.probeNow()).isFalse();
        clock.advance(Duration.ofSeconds(2)); // past the first open period, but the probe just failed

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(breaker::acquire).isInstanceOf(CircuitOpenException.class);
        assertThat(probes).hasValue(1);
    }

    @Test
    void probe_onceTheDependencyIsBack_closesTheCircuit_soTheNextCallPassesWithoutATrial() {
        CircuitBreaker breaker = breaker(probe());
        fail(breaker, 3);
        dependencyUp.set(true);

        assertThat(breaker.probeNow()).isTrue();

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.acquire();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void nonTransientOutcome_countsAsSuccess_andClosesAHalfOpenCircuit() {
        CircuitBreaker breaker = breaker(null);
        fail(breaker, 3);
        clock.advance(Duration.ofSeconds(5));
        breaker.acquire();

        breaker.onSuccess(); // e.g. a unique violation: PostgreSQL answered

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void disabled_neverOpens() {
        CircuitBreaker breaker = CircuitBreaker.disabled("redis");

        for (int i = 0; i < 10; i++) {
            breaker.acquire();
            breaker.onFailure(true);
        }

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
