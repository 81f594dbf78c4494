package com.aisaas.devhost.host.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DotNetDatesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // nanosecond clock: cut to the 100 ns tick 0774770, whose trailing zero Newtonsoft drops
            "2026-12-02T11:11:34.077477012Z, 2026-12-02T11:11:34.077477+00:00",
            // microsecond clock
            "2026-12-02T11:11:34.077477Z,    2026-12-02T11:11:34.077477+00:00",
            // millisecond clock
            "2026-12-02T11:11:34.077Z,       2026-12-02T11:11:34.077+00:00",
            // all seven tick digits
            "2026-12-02T11:11:34.0774771Z,   2026-12-02T11:11:34.0774771+00:00",
            "2026-12-02T11:11:34.123456789Z, 2026-12-02T11:11:34.1234567+00:00",
            // a whole second has no fraction at all
            "2026-12-02T11:11:34.000000099Z, 2026-12-02T11:11:34+00:00",
            "0001-01-01T00:00:00Z,           0001-01-01T00:00:00+00:00"
    })
    void format_writesWholeTicks_withoutTrailingZeros(String instant, String written) {
        assertThat(DotNetDates.format(Instant.parse(instant), ZoneOffset.UTC)).isEqualTo(written);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"2026-12-02T11:11:34.077477012Z", "2026-12-02T11:11:34.077477Z", "2026-12-02T11:11:34.077Z",
            "2026-12-02T11:11:34Z", "2026-03-29T00:59:59.999999999Z"})
    void whatIsReadBack_isWrittenTheSameAgain_whateverTheClocksPrecision(String instant) {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        String written = DotNetDates.format(Instant.parse(instant), berlin);

        Instant readBack = DotNetDates.parse(written, berlin);

        assertThat(DotNetDates.format(readBack, berlin)).isEqualTo(written);
        assertThat(readBack).isEqualTo(DotNetDates.toTicks(Instant.parse(instant)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"2026-12-02T12:11:34.0774770+01:00", "2026-12-02T11:11:34.077477Z", "2026-12-02T12:11:34.077477"})
    void parse_readsOffsets_utc_andLocalDates(String text) {
        assertThat(DotNetDates.parse(text, ZoneId.of("Europe/Berlin"))).isEqualTo(Instant.parse("2026-12-02T11:11:34.077477Z"));
    }
}
