package com.aisaas.health;

import com.aisaas.config.HealthSettings;
import com.aisaas.config.Redact;
import com.aisaas.db.Database;
import com.aisaas.db.DatabaseInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Liveness, readiness and database health.
 *
 * <ul>
 *   <li>{@link #live()} touches no dependency: the process answers.</li>
 *   <li>{@link #ready()} runs every component check in parallel, each bounded by HEALTH_CHECK_TIMEOUT_MS;
 *       the app is ready unless a component named in HEALTH_REQUIRED_COMPONENTS is DOWN. A component
 *       that is not configured is SKIPPED and never makes the app unready.</li>
 *   <li>{@link #recentReady()}: the same report, at most {@link #READY_MAX_AGE} old, with one check round in
 *       flight per instance however many ask (what the HTTP endpoints serve).</li>
 *   <li>{@link #database()}: server version, TLS, connections and response time.</li>
 * </ul>
 */
public final class HealthService {

    /** Seconds a load balancer or client should wait before asking again after "not ready". */
    public static final int RETRY_AFTER_SECONDS = 10;
    /** The oldest readiness report {@link #recentReady()} serves. */
    public static final Duration READY_MAX_AGE = Duration.ofSeconds(5);
    /** The least time each probe of {@link #sweep()} is given. */
    public static final Duration SWEEP_MIN_TIMEOUT = Duration.ofSeconds(15);

    private static final Logger log = LoggerFactory.getLogger(HealthService.class);

    private final List<HealthCheck> checks;
    private final HealthSettings settings;
    private final Supplier<Database> database;
    private final Executor executor;
    private final Clock clock;
    private final RecentReadiness recent;

    public HealthService(List<HealthCheck> checks, HealthSettings settings, Supplier<Database> database,
                         Executor executor, Clock clock) {
        this.checks = List.copyOf(checks);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.database = Objects.requireNonNull(database, "database");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.recent = new RecentReadiness(this::ready, READY_MAX_AGE, clock);
    }

    /** The liveness answer; needs nothing built. */
    public static Map<String, String> live() {
        return Map.of("status", ComponentHealth.UP);
    }

    /** Checks every component now. */
    public HealthReport ready() {
        return report(HealthCheck::check);
    }

    /**
     * The last report when it is younger than {@link #READY_MAX_AGE}, else a new one; concurrent callers share one
     * check round. Its {@code checkedAt} tells how old it is.
     */
    public HealthReport recentReady() {
        return recent.get();
    }

    /**
     * Runs every component's {@linkplain HealthCheck#sweep() sweep probe} (measurements for the scheduled health
     * sweep) like {@link #ready()}: in parallel, a failure reported as DOWN and never thrown. Each probe may take
     * HEALTH_CHECK_TIMEOUT_MS but at least {@link #SWEEP_MIN_TIMEOUT}: a background job can wait longer than a load
     * balancer, and the first sweep of a cold instance also builds the clients (pools, migrations, SDK clients),
     * which is not the component being slow. Latency alerts use the measured round trips, not this bound.
     */
    public HealthReport sweep() {
        Duration timeout = settings.checkTimeout().compareTo(SWEEP_MIN_TIMEOUT) < 0
                ? SWEEP_MIN_TIMEOUT : settings.checkTimeout();
        return report(HealthCheck::sweep, timeout);
    }

    private HealthReport report(Function<HealthCheck, Map<String, Object>> probe) {
        return report(probe, settings.checkTimeout());
    }

    private HealthReport report(Function<HealthCheck, Map<String, Object>> probe, Duration timeout) {
        List<CompletableFuture<ComponentHealth>> futures = new ArrayList<>();
        for (HealthCheck check : checks) {
            futures.add(run(check, probe, timeout));
        }
        Map<String, ComponentHealth> components = new LinkedHashMap<>();
        boolean up = true;
        for (int i = 0; i < checks.size(); i++) {
            ComponentHealth health = futures.get(i).join();
            components.put(checks.get(i).component(), health);
            if (health.required() && health.isDown()) {
                up = false;
            }
        }
        return new HealthReport(up ? ComponentHealth.UP : ComponentHealth.DOWN, clock.instant(),
                Collections.unmodifiableMap(components));
    }

    /** The database's state; DOWN (never an exception) when it cannot be reached or the pool cannot be built. */
    public DatabaseInfo database() {
        long start = System.nanoTime();
        try {
            return database.get().info();
        } catch (RuntimeException e) {
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            return new DatabaseInfo(DatabaseInfo.DOWN, null, null, null, null, null, null, null, null, elapsed,
                    errorSummary(e), null);
        }
    }

    private CompletableFuture<ComponentHealth> run(HealthCheck check, Function<HealthCheck, Map<String, Object>> probe,
                                                   Duration timeout) {
        boolean required = settings.isRequired(check.component());
        boolean configured;
        try {
            configured = check.configured();
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(
                    new ComponentHealth(ComponentHealth.DOWN, required, null, errorSummary(e), null));
        }
        if (!configured) {
            return CompletableFuture.completedFuture(new ComponentHealth(ComponentHealth.SKIPPED, required, null,
                    null, Map.of("reason", "not configured")));
        }
        long start = System.nanoTime();
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        return CompletableFuture.supplyAsync(() -> withMdc(mdc, () -> probe.apply(check)), executor)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((details, failure) -> {
                    long latency = (System.nanoTime() - start) / 1_000_000;
                    if (failure == null) {
                        return new ComponentHealth(ComponentHealth.UP, required, latency, null,
                                withNotes(check, details));
                    }
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    String error = cause instanceof TimeoutException
                            ? "timed out after " + timeout.toMillis() + " ms" : errorSummary(cause);
                    log.warn("health check {} is DOWN after {} ms: {}", check.component(), latency, error);
                    return new ComponentHealth(ComponentHealth.DOWN, required, latency, error,
                            withNotes(check, null));
                });
    }

    private static Map<String, Object> withNotes(HealthCheck check, Map<String, Object> details) {
        Map<String, Object> notes = check.notes();
        if (notes.isEmpty()) {
            return details;
        }
        Map<String, Object> merged = new LinkedHashMap<>(notes);
        if (details != null) {
            merged.putAll(details);
        }
        return merged;
    }

    /** Runs {@code work} with the caller's MDC (invocation id) so that the check's log lines carry it. */
    private static <T> T withMdc(Map<String, String> mdc, Supplier<T> work) {
        Map<String, String> previous = MDC.getCopyOfContextMap();
        if (mdc == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(mdc);
        }
        try {
            return work.get();
        } finally {
            if (previous == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(previous);
            }
        }
    }

    /** One line: the exception's message (with URLs redacted), without stack or nested detail. */
    static String errorSummary(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        message = Redact.url(message);
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }
}
