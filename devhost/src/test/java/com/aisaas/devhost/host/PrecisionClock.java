package com.aisaas.devhost.host;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock with a fixed fraction of a second: it stands for a machine whose clock ticks in nanoseconds,
 * microseconds or milliseconds, so that a test sees each of them on any machine.
 */
final class PrecisionClock extends Clock {

    private final Clock base = Clock.systemUTC();
    private final int nanoOfSecond;

    private PrecisionClock(int nanoOfSecond) {
        this.nanoOfSecond = nanoOfSecond;
    }

    /** A clock whose every reading has the fraction {@code nanoOfSecond}, e.g. {@code 77_477_012} (nanoseconds). */
    static PrecisionClock withFraction(int nanoOfSecond) {
        return new PrecisionClock(nanoOfSecond);
    }

    @Override
    public Instant instant() {
        return base.instant().with(java.time.temporal.ChronoField.NANO_OF_SECOND, nanoOfSecond);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }

    @Override
    public String toString() {
        return "clock with fraction ." + String.format("%09d", nanoOfSecond);
    }
}
