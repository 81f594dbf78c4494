package com.aisaas.telemetry;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The one Prometheus registry of the process. Function invocations, the HikariCP pools, JVM metrics and
 * {@link DomainMetrics} all register here; {@code GET /api/metrics} returns {@link #scrape()}.
 * Creating it reads no settings and opens no connection, so any function may touch it.
 */
public final class Metrics {

    /** The Prometheus text exposition format that {@link #scrape()} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private Metrics() {
    }

    public static PrometheusMeterRegistry registry() {
        return Holder.REGISTRY;
    }

    /** The registry's current state in the Prometheus text format. */
    public static String scrape() {
        return Holder.REGISTRY.scrape();
    }

    private static final class Holder {
        static final PrometheusMeterRegistry REGISTRY = create();

        @SuppressWarnings("resource") // lives as long as the process
        private static PrometheusMeterRegistry create() {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new ClassLoaderMetrics().bindTo(registry);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmGcMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            return registry;
        }
    }
}
