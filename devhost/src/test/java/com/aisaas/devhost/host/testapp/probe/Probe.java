package com.aisaas.devhost.host.testapp.probe;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * State shared between the tests and the test app. It is left out of the test app's jar, so the app's child-first
 * class loader falls back to the test class path for it and both sides see the same statics.
 */
public final class Probe {

    public static final AtomicInteger RUNNING = new AtomicInteger();
    public static final AtomicInteger MAX_RUNNING = new AtomicInteger();
    public static volatile CountDownLatch slowEntered = new CountDownLatch(1);

    private Probe() {
    }

    public static void reset() {
        RUNNING.set(0);
        MAX_RUNNING.set(0);
        slowEntered = new CountDownLatch(1);
    }

    /** Counts an invocation as running for {@code millis}, recording the highest overlap seen. */
    public static void runFor(long millis) throws InterruptedException {
        int now = RUNNING.incrementAndGet();
        MAX_RUNNING.accumulateAndGet(now, Math::max);
        try {
            Thread.sleep(millis);
        } finally {
            RUNNING.decrementAndGet();
        }
    }
}
