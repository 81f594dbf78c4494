package com.aisaas.devhost.events;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sequencers like Azure Storage's ({@code "00000000000004420000000000028963"}): 32 upper-case hex characters that compare
 * as strings in the order of the changes. Here: 16 digits of milliseconds since the epoch, then 16 of a counter, so
 * they keep increasing across restarts too.
 */
final class Sequencer {

    private final AtomicLong last = new AtomicLong();
    private final AtomicLong counter = new AtomicLong();

    String next() {
        long now = System.currentTimeMillis();
        long millis = last.accumulateAndGet(now, Math::max);
        return String.format(Locale.ROOT, "%016X%016X", millis, counter.incrementAndGet());
    }
}
