package com.aisaas.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MetricsSummaryTest {

    private static final Instant STARTED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-01-01T00:05:00Z");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Invocations invocations = new Invocations(registry);

    @Test
    void of_countsCallsAndFailedCallsPerFunction_fromTheInvocationMeters() {
        invocations.call("GetFile", "1", () -> 1);
        invocations.call("GetFile", "2", () -> 2);
        assertThatThrownBy(() -> invocations.call("GetFile", "3", () -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        invocations.call("ListFiles", "4", () -> 4);

        MetricsSummary summary = MetricsSummary.of(registry, "instance-1", STARTED, NOW);

        assertThat(summary.instance()).isEqualTo("instance-1");
        assertThat(summary.startedAt()).isEqualTo(STARTED);
        assertThat(summary.takenAt()).isEqualTo(NOW);
        assertThat(summary.functions()).extracting(MetricsSummary.FunctionCalls::function)
                .containsExactly("GetFile", "ListFiles");
        MetricsSummary.FunctionCalls getFile = summary.functions().get(0);
        assertThat(getFile.calls()).isEqualTo(3);
        assertThat(getFile.failed()).isEqualTo(1);
        assertThat(getFile.p50Ms()).isNotNull();
        assertThat(getFile.p95Ms()).isNotNull().isGreaterThanOrEqualTo(getFile.p50Ms());
        assertThat(getFile.p99Ms()).isNotNull().isGreaterThanOrEqualTo(getFile.p95Ms());
        assertThat(summary.functions().get(1).calls()).isEqualTo(1);
        assertThat(summary.functions().get(1).failed()).isZero();
    }

    @Test
    void of_meanIsOverAllCalls_andPercentilesOverSuccessfulOnes() {
        Timer.builder(Invocations.TIMER).tag("function", "Search").tag("outcome", "success").register(registry)
                .record(Duration.ofMillis(10));
        Timer.builder(Invocations.TIMER).tag("function", "Search").tag("outcome", "error").register(registry)
                .record(Duration.ofMillis(50));
        Timer.builder(Invocations.PERCENTILES).tag("function", "Search").tag("outcome", "success")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry).record(Duration.ofMillis(10));

        MetricsSummary.FunctionCalls search = MetricsSummary.of(registry, "i", STARTED, NOW).functions().get(0);

        assertThat(search.calls()).isEqualTo(2);
        assertThat(search.failed()).isEqualTo(1);
        assertThat(search.meanMs()).isEqualTo(30.0);
        // one successful call of 10 ms: every percentile is that call, to the histogram's precision
        assertThat(search.p50Ms()).isBetween(9.0, 11.0);
        assertThat(search.p99Ms()).isBetween(9.0, 11.0);
    }

    @Test
    void of_functionWithoutSuccessfulCalls_hasNoPercentiles_andAnEmptyRegistryNoRows() {
        assertThat(MetricsSummary.of(registry, "i", STARTED, NOW).functions()).isEmpty();

        assertThatThrownBy(() -> invocations.call("Replay", "1", () -> {
            throw new IllegalArgumentException("bad");
        })).isInstanceOf(IllegalArgumentException.class);

        MetricsSummary.FunctionCalls replay = MetricsSummary.of(registry, "i", STARTED, NOW).functions().get(0);
        assertThat(replay.calls()).isEqualTo(1);
        assertThat(replay.failed()).isEqualTo(1);
        assertThat(replay.p50Ms()).isNull();
    }

    @Test
    void current_readsTheProcessRegistry_withAStableInstanceIdAndTheClocksTime() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        MetricsSummary first = MetricsSummary.current(clock);
        MetricsSummary second = MetricsSummary.current(clock);

        assertThat(first.instance()).isEqualTo(second.instance()).isNotBlank();
        assertThat(first.takenAt()).isEqualTo(NOW);
        assertThat(first.startedAt()).isBefore(Instant.now().plusSeconds(1));
    }
}
