package com.aisaas.telemetry;

import com.aisaas.common.DependencyException;
import com.aisaas.common.DomainException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The boundary every function goes through: for the duration of {@code work} the SLF4J MDC carries
 * {@value #INVOCATION_ID} and {@value #FUNCTION_NAME} (so every log line of the invocation has them), the
 * Timers {@value #TIMER} (a histogram) and {@value #PERCENTILES} (p50/p95/p99), tagged {@code function} and
 * {@code outcome=success|error}, record its duration, the Counter {@value #ERRORS} counts failures by exception type, and one log line
 * says how it ended. Exceptions are rethrown unchanged for the caller to map (and not logged again there).
 */
public final class Invocations {

    public static final String INVOCATION_ID = "invocationId";
    public static final String FUNCTION_NAME = "functionName";
    public static final String TIMER = "function_invocations";
    public static final String PERCENTILES = "function_invocations_percentiles";
    public static final String ERRORS = "function_errors";

    private static final Logger log = LoggerFactory.getLogger(Invocations.class);

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Timer[]> timers = new ConcurrentHashMap<>();

    public Invocations(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The instance on the process-wide registry ({@link Metrics#registry()}). */
    public static Invocations global() {
        return Global.INSTANCE;
    }

    /** {@link #call} on the process-wide registry ({@link Metrics#registry()}). */
    public static <T> T run(String functionName, String invocationId, Supplier<T> work) {
        return Global.INSTANCE.call(functionName, invocationId, work);
    }

    public <T> T call(String functionName, String invocationId, Supplier<T> work) {
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(work, "work");
        String previousId = MDC.get(INVOCATION_ID);
        String previousName = MDC.get(FUNCTION_NAME);
        MDC.put(INVOCATION_ID, invocationId == null ? "-" : invocationId);
        MDC.put(FUNCTION_NAME, functionName);
        long start = System.nanoTime();
        try {
            T result = work.get();
            long elapsed = System.nanoTime() - start;
            record(functionName, "success", elapsed);
            // DEBUG: a line per successful call would cost a third of the host's throughput and duplicates what
            // the timers and Application Insights' request telemetry already record. Failures log at WARN/ERROR.
            log.debug("{} succeeded in {} ms", functionName, elapsed / 1_000_000);
            return result;
        } catch (RuntimeException | Error e) {
            long elapsed = System.nanoTime() - start;
            record(functionName, "error", elapsed);
            Counter.builder(ERRORS)
                    .description("Function invocations that ended with an exception, by exception type")
                    .tag("function", functionName)
                    .tag("error", e.getClass().getSimpleName())
                    .register(registry)
                    .increment();
            logFailure(functionName, elapsed / 1_000_000, e);
            throw e;
        } finally {
            restore(INVOCATION_ID, previousId);
            restore(FUNCTION_NAME, previousName);
        }
    }

    /**
     * Prometheus cannot expose one meter as both a histogram and a summary, so the duration is recorded on two:
     * {@value #TIMER} (histogram buckets from 1 ms to 5 min, for {@code histogram_quantile} across instances)
     * and {@value #PERCENTILES} (client-side p50/p95/p99 of this instance, decaying over a few minutes).
     */
    private void record(String functionName, String outcome, long nanos) {
        // Looked up once per function and outcome: building the meter ids on every call costs throughput.
        for (Timer timer : timers.computeIfAbsent(functionName + '\n' + outcome, key -> timers(functionName, outcome))) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    private Timer[] timers(String functionName, String outcome) {
        Timer histogram = Timer.builder(TIMER)
                .description("Duration of function invocations")
                .tag("function", functionName)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
        Timer percentiles = Timer.builder(PERCENTILES)
                .description("p50/p95/p99 of function invocation durations on this instance")
                .tag("function", functionName)
                .tag("outcome", outcome)
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
        return new Timer[] {histogram, percentiles};
    }

    private static void logFailure(String functionName, long millis, Throwable e) {
        if (e instanceof DependencyException) {
            log.warn("{} failed in {} ms: {}", functionName, millis, describe(e));
        } else if (e instanceof DomainException) {
            log.info("{} rejected in {} ms: {}: {}", functionName, millis, e.getClass().getSimpleName(), e.getMessage());
        } else {
            log.error("{} failed in {} ms", functionName, millis, e);
        }
    }

    /** The message and the causes' types and messages, without a stack trace. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 3; depth++, cause = cause.getCause()) {
            text.append(" <- ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        }
        return text.toString();
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }

    private static final class Global {
        static final Invocations INSTANCE = new Invocations(Metrics.registry());
    }
}
