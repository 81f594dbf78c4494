package com.aisaas.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import com.aisaas.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {

    private final List<Duration> sleeps = new ArrayList<>();

    private Retry retry(int attempts, double random) {
        return new Retry(attempts, Duration.ofMillis(100), Duration.ofSeconds(1), sleeps::add, () -> random);
    }

    @Test
    void call_transientFailuresThenSuccess_returnsResultAfterBackingOff() throws SQLException {
        AtomicInteger calls = new AtomicInteger();

        String result = retry(4, 1.0).call("op", attempt -> {
            if (calls.incrementAndGet() < 3) {
                throw new SQLException("terminating connection due to administrator command", "57P01");
            }
            return "ok on " + attempt;
        }, SqlErrors::isTransient);

        assertThat(result).isEqualTo("ok on 3");
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void call_alwaysTransient_givesUpAfterMaxAttemptsWithTheLastFailure() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry(3, 0.5).call("op", attempt -> {
            calls.incrementAndGet();
            throw new SQLException("connection refused " + attempt, "08001");
        }, SqlErrors::isTransient)).isInstanceOf(SQLException.class).hasMessage("connection refused 3");

        assertThat(calls).hasValue(3);
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void call_nonTransientFailure_isNotRetried() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry(5, 0.5).call("op", attempt -> {
            calls.incrementAndGet();
            throw new SQLException("syntax error", "42601");
        }, SqlErrors::isTransient)).isInstanceOf(SQLException.class);

        assertThat(calls).hasValue(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void call_runtimeExceptionFromWork_passesThroughUntouched() {
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> retry(3, 0.5).call("op", attempt -> {
            throw boom;
        }, SqlErrors::isTransient)).isSameAs(boom);
    }

    @Test
    void delayBefore_growsExponentiallyWithinTheCapAndIsJittered() {
        Retry full = retry(10, 1.0);
        assertThat(full.delayBefore(2)).isEqualTo(Duration.ofMillis(100));
        assertThat(full.delayBefore(3)).isEqualTo(Duration.ofMillis(200));
        assertThat(full.delayBefore(4)).isEqualTo(Duration.ofMillis(400));
        assertThat(full.delayBefore(6)).isEqualTo(Duration.ofSeconds(1));
        assertThat(full.delayBefore(40)).isEqualTo(Duration.ofSeconds(1));

        assertThat(retry(10, 0.25).delayBefore(4)).isEqualTo(Duration.ofMillis(100));
        assertThat(retry(10, 0.0).delayBefore(4)).isEqualTo(Duration.ZERO);
    }

    @Test
    void of_capsTheDelayAtFiveSeconds() {
        Retry retry = Retry.of(4, Duration.ofSeconds(1));
        for (int i = 0; i < 50; i++) {
            assertThat(retry.delayBefore(10)).isLessThanOrEqualTo(Duration.ofSeconds(5));
        }
    }

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    /** Sleeping moves the test's clock, nothing else. */
    private Retry clockedRetry(int attempts) {
        return new Retry(attempts, Duration.ofMillis(100), Duration.ofSeconds(1), d -> {
            sleeps.add(d);
            clock.advance(d);
        }, () -> 1.0);
    }

    @Test
    void call_withDeadline_stopsRetryingWhenTheNextAttemptCouldNotFinishInTime() {
        AtomicInteger calls = new AtomicInteger();
        Retry.Deadline deadline = Retry.Deadline.in(clock, Duration.ofMillis(2_000), Duration.ofMillis(1_000), false);

        assertThatThrownBy(() -> clockedRetry(10).call("op", attempt -> {
            calls.incrementAndGet();
            clock.advance(Duration.ofMillis(300)); // each attempt takes 300 ms
            throw new SQLException("connection refused", "08001");
        }, SqlErrors::isTransient, deadline)).isInstanceOf(SQLException.class);

        // fails at t=300 (+100 +1000 reserve fits 2000), t=700 (+200 +1000 fits), t=1200 (+400 +1000 does not)
        assertThat(calls).hasValue(3);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(clock.instant()).isBefore(deadline.at());
    }

    @Test
    void call_withDeadlineUntilSpent_ignoresMaxAttempts_andRetriesUntilTheBudgetIsUsed() throws SQLException {
        AtomicInteger calls = new AtomicInteger();
        Retry.Deadline deadline = Retry.Deadline.in(clock, Duration.ofSeconds(60), Duration.ZERO, true);

        String result = clockedRetry(2).call("op", attempt -> {
            if (calls.incrementAndGet() < 20) {
                throw new SQLException("the database system is starting up", "57P03");
            }
            return "ok";
        }, SqlErrors::isTransient, deadline);

        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(20);
        assertThat(clock.instant()).isBefore(deadline.at());
    }

    @Test
    void call_withDeadlineUntilSpent_givesUpOnceTheBudgetIsUsed() {
        AtomicInteger calls = new AtomicInteger();
        Retry.Deadline deadline = Retry.Deadline.in(clock, Duration.ofSeconds(10), Duration.ZERO, true);

        assertThatThrownBy(() -> clockedRetry(2).call("op", attempt -> {
            calls.incrementAndGet();
            throw new SQLException("connection refused", "08001");
        }, SqlErrors::isTransient, deadline)).isInstanceOf(SQLException.class);

        // 0.1 + 0.2 + 0.4 + 0.8 + 1 s each after: 1.5 s after 5 tries, then 8 more 1 s sleeps fit in 10 s
        assertThat(calls).hasValue(13);
        assertThat(clock.instant()).isBeforeOrEqualTo(deadline.at());
    }
}
