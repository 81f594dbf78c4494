package com.aisaas.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * This instance's function invocations as JSON for the operator console: per function the calls and failed calls
 * since the instance started (cumulative counters: a reader derives rates from two summaries of the same
 * {@code instance}) and the p50/p95/p99 of successful calls' durations (Micrometer's decaying window of the last
 * few minutes). Read from the same meters {@link Invocations} records and {@code GET /api/metrics} exposes.
 *
 * @param instance     a random id of this process: counters restart with it, and a scale-out answers from several
 * @param startedAt    when this process started
 * @param takenAt      when the counters were read
 * @param functions    one row per function that has been called, by name
 */
public record MetricsSummary(String instance, Instant startedAt, Instant takenAt, List<FunctionCalls> functions) {

    private static final String INSTANCE = UUID.randomUUID().toString();
    private static final Instant STARTED_AT = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());

    public MetricsSummary {
        Objects.requireNonNull(instance, "instance");
        functions = List.copyOf(functions);
    }

    /**
     * One function's calls.
     *
     * @param function the function name
     * @param calls    invocations since the instance started
     * @param failed   of those, the ones that ended in an exception: refused (4xx) or failed (5xx) calls
     * @param meanMs   mean duration of all calls, in milliseconds
     * @param p50Ms    median duration of successful calls over the last few minutes (null before the first one)
     * @param p95Ms    95th percentile, as above
     * @param p99Ms    99th percentile, as above
     */
    public record FunctionCalls(String function, long calls, long failed, double meanMs, Double p50Ms, Double p95Ms,
                                Double p99Ms) {
    }

    /** The summary of the process-wide registry. */
    public static MetricsSummary current(Clock clock) {
        return of(Metrics.registry(), INSTANCE, STARTED_AT, clock.instant());
    }

    static MetricsSummary of(MeterRegistry registry, String instance, Instant startedAt, Instant now) {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, double[]> totalMs = new TreeMap<>();
        for (Timer timer : registry.find(Invocations.TIMER).timers()) {
            String function = timer.getId().getTag("function");
            if (function == null) {
                continue;
            }
            long[] c = counts.computeIfAbsent(function, f -> new long[2]);
            c[0] += timer.count();
            if ("error".equals(timer.getId().getTag("outcome"))) {
                c[1] += timer.count();
            }
            totalMs.computeIfAbsent(function, f -> new double[1])[0] += timer.totalTime(TimeUnit.MILLISECONDS);
        }
        List<FunctionCalls> rows = new ArrayList<>();
        counts.forEach((function, c) -> {
            Double[] p = new Double[3];
            Timer percentiles = registry.find(Invocations.PERCENTILES).tag("function", function)
                    .tag("outcome", "success").timer();
            if (percentiles != null && percentiles.count() > 0) {
                for (ValueAtPercentile value : percentiles.takeSnapshot().percentileValues()) {
                    int slot = value.percentile() == 0.5 ? 0 : value.percentile() == 0.95 ? 1
                            : value.percentile() == 0.99 ? 2 : -1;
                    if (slot >= 0) {
                        p[slot] = value.value(TimeUnit.MILLISECONDS);
                    }
                }
            }
            double mean = c[0] == 0 ? 0 : totalMs.get(function)[0] / c[0];
            rows.add(new FunctionCalls(function, c[0], c[1], mean, p[0], p[1], p[2]));
        });
        return new MetricsSummary(instance, startedAt, now, rows);
    }
}
