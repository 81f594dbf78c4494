package com.aisaas.devhost.host.blob;

import com.aisaas.devhost.concurrent.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blob-trigger queue in memory, for a host storage without a queue service (its connection string names a blob
 * endpoint only): messages run on a small pool ({@link BlobTriggerQueue#CONCURRENCY} at a time); a failed try is retried
 * after a short backoff until {@code maxDequeueCount} tries, then the message goes to the poison sink. A BUSY outcome
 * (another host holds the blob's receipt) is re-checked later without counting as a try. Messages still waiting when the
 * host stops, or when its process dies, are lost: {@link StorageBlobTriggerQueue} is the durable queue the host uses
 * whenever the host storage has a queue service (docs/functions-host.md §3.3).
 */
final class MemoryBlobTriggerQueue implements BlobTriggerQueue {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryBlobTriggerQueue.class);

    private final Processor processor;
    private final PoisonSink poison;
    private final Duration retryDelay;
    private final Duration busyDelay;
    private final int maxDequeueCount;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor timer;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param retryDelay first backoff after a failed try; doubled per try, at most 16 times it
     * @param busyDelay  how long to wait before re-checking a receipt leased by another host
     */
    MemoryBlobTriggerQueue(Processor processor, PoisonSink poison, Duration retryDelay, Duration busyDelay) {
        this(processor, poison, retryDelay, busyDelay, MAX_DEQUEUE_COUNT);
    }

    /** @param maxDequeueCount tries of a message before the poison sink (host.json poisonBlobThreshold) */
    MemoryBlobTriggerQueue(Processor processor, PoisonSink poison, Duration retryDelay, Duration busyDelay, int maxDequeueCount) {
        this.maxDequeueCount = maxDequeueCount;
        this.processor = processor;
        this.poison = poison;
        this.retryDelay = retryDelay;
        this.busyDelay = busyDelay;
        this.workers = new ThreadPoolExecutor(CONCURRENCY, CONCURRENCY, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                DaemonThreads.named("devhost-blobtrigger-"));
        this.workers.allowCoreThreadTimeOut(true);
        this.timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("devhost-blobtrigger-timer-"));
        this.timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public int maxDequeueCount() {
        return maxDequeueCount;
    }

    /** Scheduler for work that accompanies an invocation (receipt lease renewals). */
    @Override
    public ScheduledExecutorService timer() {
        return timer;
    }

    /** @return false when the queue is closed (the host is stopping) */
    @Override
    public boolean enqueue(BlobTriggerMessage message) {
        if (closed) {
            return false;
        }
        pending.incrementAndGet();
        return submit(message, 1);
    }

    @Override
    public int pending() {
        return pending.get();
    }

    private boolean submit(BlobTriggerMessage message, int dequeueCount) {
        try {
            workers.execute(() -> run(message, dequeueCount));
            return true;
        } catch (RejectedExecutionException e) {
            dropped(message);
            return false;
        }
    }

    private void run(BlobTriggerMessage message, int dequeueCount) {
        if (closed && workers.isShutdown()) {
            dropped(message);
            return;
        }
        Outcome outcome;
        try {
            outcome = processor.process(message, dequeueCount);
        } catch (Throwable e) {
            // Whatever escapes a try (an Error too) fails that try: the message comes back, as a queue message does
            // when the worker dies in Azure, and is poisoned after the last try (docs/functions-host.md §8.4).
            LOG.error("blob trigger message {} for '{}' ({}) failed: {}", message.id(), message.functionId(), message.path(), e.toString());
            outcome = Outcome.FAILED;
        }
        switch (outcome) {
            case DONE:
                pending.decrementAndGet();
                break;
            case BUSY:
                later(message, dequeueCount, busyDelay.toMillis());
                break;
            default:
                if (dequeueCount >= maxDequeueCount) {
                    LOG.error("blob '{}' failed {} times for '{}': moved to the poison queue", message.path(), dequeueCount,
                            message.functionId());
                    try {
                        poison.poison(message);
                    } catch (Throwable e) {
                        LOG.error("cannot write the poison message for '{}' ({}): {}", message.functionId(), message.path(), e.toString());
                    }
                    pending.decrementAndGet();
                } else {
                    long delay = retryDelay.toMillis() * (1L << Math.min(dequeueCount - 1, 4));
                    LOG.warn("blob '{}' for '{}': try {} of {} failed, retrying in {} ms", message.path(), message.functionId(),
                            dequeueCount, maxDequeueCount, delay);
                    later(message, dequeueCount + 1, delay);
                }
        }
    }

    private void later(BlobTriggerMessage message, int dequeueCount, long delayMillis) {
        if (closed) {
            dropped(message);
            return;
        }
        try {
            timer.schedule(() -> submit(message, dequeueCount), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            dropped(message);
        }
    }

    private void dropped(BlobTriggerMessage message) {
        pending.decrementAndGet();
        LOG.warn("the host is stopping: blob trigger message for '{}' ({}) dropped", message.functionId(), message.path());
    }

    /** Stops taking messages, waits up to {@code drain} for the running and queued ones, then stops (dropping the rest). */
    @Override
    public void close(Duration drain) {
        closed = true;
        long deadline = System.nanoTime() + drain.toNanos();
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        timer.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        int left = pending.get();
        if (left > 0) {
            LOG.warn("{} blob trigger message(s) were not processed before the host stopped", left);
        }
    }

}
