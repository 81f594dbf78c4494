package com.aisaas.devhost.host.worker;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * The one way devhost writes the dates the real host writes as JSON (docs/functions-host.md §4.3): the timer status blob
 * and the TimerInfo JSON both pass through Newtonsoft.Json's default ISO format for a .NET {@code DateTime} of kind Local,
 * {@code yyyy-MM-ddTHH:mm:ss[.fffffff]+hh:mm}. A .NET DateTime counts 100 ns ticks, so an instant is first cut to whole
 * ticks; the fraction is then written with its trailing zeros dropped (none at all on a whole second), as Newtonsoft's
 * {@code DateTimeUtils.WriteDefaultIsoDate} does. Cutting to ticks first makes writing idempotent: what {@link #parse}
 * reads back from a written date writes the same text again, whatever the precision of the clock that produced it.
 */
public final class DotNetDates {

    /** .NET's {@code default(DateTime)}, 0001-01-01: "never". */
    public static final Instant NEVER = Instant.parse("0001-01-01T00:00:00Z");

    private static final long NANOS_PER_TICK = 100;

    private static final DateTimeFormatter LOCAL_ISO = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 7, true)
            .appendOffset("+HH:MM", "+00:00")
            .toFormatter();

    private DotNetDates() {
    }

    /** {@code instant} cut to whole .NET ticks (100 ns), the precision a DateTime holds. */
    public static Instant toTicks(Instant instant) {
        int nanos = instant.getNano();
        return instant.minusNanos(nanos % NANOS_PER_TICK);
    }

    /** {@code instant} as Newtonsoft writes a local DateTime in {@code zone}. */
    public static String format(Instant instant, ZoneId zone) {
        return LOCAL_ISO.format(toTicks(instant).atZone(zone));
    }

    /**
     * Reads a date Newtonsoft (or devhost) wrote: with an offset, or without one (then taken in {@code zone}); 0001-01-01
     * is {@link #NEVER}. The result is whole ticks.
     *
     * @throws DateTimeException when the text is no such date
     */
    public static Instant parse(String text, ZoneId zone) {
        String trimmed = text.trim();
        if (trimmed.startsWith("0001-01-01T00:00:00")) {
            return NEVER;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(trimmed).toInstant();
        } catch (DateTimeException withoutOffset) {
            instant = LocalDateTime.parse(trimmed).atZone(zone).toInstant();
        }
        return toTicks(instant);
    }
}
