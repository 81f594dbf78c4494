package com.aisaas.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Upload processing and event handling: PROCESSING_MAX_ATTEMPTS (a file or event that has failed this many
 * times with a retryable error is given up: {@code failed} and dead-lettered), the claim lease (how long an
 * attempt holds a file before another delivery may take it over), and EVENTGRID_TOPIC_ENDPOINT (the custom topic
 * FileProcessed and alert events are published to; empty = Redis pub/sub only).
 */
public record ProcessingSettings(int maxAttempts, Duration claimLease, Optional<URI> topicEndpoint) {

    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /**
     * How long a claim holds a file without being renewed: the attempt renews it every third of this while it works,
     * so it bounds how long a crashed attempt keeps a file, not how long processing may take.
     */
    public static final Duration DEFAULT_CLAIM_LEASE = Duration.ofSeconds(60);

    public ProcessingSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be positive");
        }
    }

    public static ProcessingSettings defaults() {
        return new ProcessingSettings(DEFAULT_MAX_ATTEMPTS, DEFAULT_CLAIM_LEASE, Optional.empty());
    }
}
