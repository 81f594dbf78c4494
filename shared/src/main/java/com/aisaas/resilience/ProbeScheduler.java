package com.aisaas.resilience;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process's threads for recovery probes of open circuits: two daemon threads, so that a slow PostgreSQL probe
 * does not hold up the Redis one. Idle while every circuit is closed.
 */
public final class ProbeScheduler {

    private ProbeScheduler() {
    }

    public static ScheduledExecutorService shared() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final ScheduledExecutorService INSTANCE = create();

        private static ScheduledExecutorService create() {
            AtomicInteger count = new AtomicInteger();
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, runnable -> {
                Thread thread = new Thread(runnable, "circuit-probe-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }
}
