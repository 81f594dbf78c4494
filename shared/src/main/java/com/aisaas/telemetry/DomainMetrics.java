package com.aisaas.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Business counters, registered on the process registry. The features add theirs here so that names and
 * tags stay consistent in one place: {@code uploads_total}, {@code events_processed_total},
 * {@code dead_letters_total}.
 */
public final class DomainMetrics {

    private final MeterRegistry registry;

    public DomainMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** An upload reached a final state: {@code outcome} = ready | rejected | failed. */
    public void upload(String outcome) {
        Counter.builder("uploads").description("Uploads by final outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    /** An event was handled: {@code type} e.g. Microsoft.Storage.BlobCreated; {@code outcome} e.g. applied | duplicate | stale. */
    public void eventProcessed(String type, String outcome) {
        Counter.builder("events_processed").description("Events handled by type and outcome")
                .tag("type", type).tag("outcome", outcome).register(registry).increment();
    }

    /** Work was sent to the dead letters: {@code source} e.g. eventgrid | blob-trigger. */
    public void deadLetter(String source) {
        Counter.builder("dead_letters").description("Work sent to dead letters by source")
                .tag("source", source).register(registry).increment();
    }
}
