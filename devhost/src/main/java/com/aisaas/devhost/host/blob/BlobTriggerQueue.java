package com.aisaas.devhost.host.blob;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The host's blob-trigger queue (docs/functions-host.md §3.3): the blobs webhook puts a {@link BlobTriggerMessage} on it
 * before answering, and its listener runs each message through a {@link Processor}, at most {@link #CONCURRENCY} at a
 * time; a failed try comes back until {@code maxDequeueCount} tries (host.json {@code extensions.blobs.poisonBlobThreshold},
 * default {@link #MAX_DEQUEUE_COUNT}), then the message goes to the {@link PoisonSink}.
 */
interface BlobTriggerQueue extends AutoCloseable {

    int MAX_DEQUEUE_COUNT = 5;
    /** Messages run at the same time: the host's default queue batch size. */
    int CONCURRENCY = 16;

    enum Outcome { DONE, FAILED, BUSY }

    /** Runs one try of a message; {@code dequeueCount} starts at 1. */
    interface Processor {
        Outcome process(BlobTriggerMessage message, int dequeueCount);
    }

    /** Takes a message that failed every try. */
    interface PoisonSink {
        void poison(BlobTriggerMessage message);
    }

    /**
     * Puts a message on the queue; when this returns true the message is kept (in storage for the durable queue).
     *
     * @return false when the queue is closed (the host is stopping)
     * @throws RuntimeException when the queue's storage cannot take the message
     */
    boolean enqueue(BlobTriggerMessage message);

    /** Starts running messages; called once the functions are known. */
    default void start() {
    }

    int maxDequeueCount();

    /** Messages accepted and not yet done (running, waiting, or waiting for a retry); 0 once the queue is idle. */
    int pending();

    /** Scheduler for work that accompanies an invocation (receipt lease renewals). */
    ScheduledExecutorService timer();

    /** Stops taking messages and waits up to {@code drain} for the running ones. */
    void close(Duration drain);

    @Override
    default void close() {
        close(Duration.ofSeconds(30));
    }
}
