package com.aisaas.devhost.host.timer;

import com.aisaas.devhost.host.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NcrontabScheduleTest {

    static {
        TestHttp.quietLogs();
    }

    /** A Saturday. */
    static final Instant SATURDAY_LATE = Instant.parse("2026-11-21T23:59:58.500Z");

    @ParameterizedTest(name = "{0} after 2026-11-21T23:59:58.5Z -> {1}, {2}")
    @CsvSource(delimiter = '|', value = {
            "0 */5 * * * *         | 2026-11-22T00:00:00Z | 2026-11-22T00:05:00Z",
            "*/1 * * * * *         | 2026-11-21T23:59:59Z | 2026-11-22T00:00:00Z",
            "* * * * * *           | 2026-11-21T23:59:59Z | 2026-11-22T00:00:00Z",
            "*/15 * * * * *        | 2026-11-22T00:00:00Z | 2026-11-22T00:00:15Z",
            "5,10 1-3 * * * *      | 2026-11-22T00:01:05Z | 2026-11-22T00:01:10Z",
            "0 10-50/20 * * * *    | 2026-11-22T00:10:00Z | 2026-11-22T00:30:00Z",
            "0 0 2 * * *           | 2026-11-22T02:00:00Z | 2026-11-23T02:00:00Z",
            "0 15 * * * *          | 2026-11-22T00:15:00Z | 2026-11-22T01:15:00Z",
            "0 30 9 * * 1-5        | 2026-11-23T09:30:00Z | 2026-11-24T09:30:00Z",
            "0 30 9 * * Mon-Fri    | 2026-11-23T09:30:00Z | 2026-11-24T09:30:00Z",
            "0 30 9 * * MON,WED    | 2026-11-23T09:30:00Z | 2026-11-25T09:30:00Z",
            "0 0 0 * * 0           | 2026-11-22T00:00:00Z | 2026-11-29T00:00:00Z",
            "0 0 0 * * Sun         | 2026-11-22T00:00:00Z | 2026-11-29T00:00:00Z",
            "0 0 0 * * 6           | 2026-11-28T00:00:00Z | 2026-12-05T00:00:00Z",
            "0 0 0 1 Jan *         | 2027-01-01T00:00:00Z | 2028-01-01T00:00:00Z",
            "0 0 0 1 JAN-MAR *     | 2027-01-01T00:00:00Z | 2027-02-01T00:00:00Z",
            "0 0 12 13 * 5         | 2027-08-13T12:00:00Z | 2028-10-13T12:00:00Z",
            "0 0 * * *             | 2026-11-22T00:00:00Z | 2026-11-23T00:00:00Z",
            "*/10 * * * *          | 2026-11-22T00:00:00Z | 2026-11-22T00:10:00Z",
    })
    void nextOccurrences_followNcrontab(String expression, String first, String second) {
        NcrontabSchedule schedule = NcrontabSchedule.parse(expression, ZoneOffset.UTC);

        Instant next = schedule.next(SATURDAY_LATE);

        assertThat(next).isEqualTo(Instant.parse(first));
        assertThat(schedule.next(next)).as("strictly after an occurrence").isEqualTo(Instant.parse(second));
        assertThat(schedule.next(SATURDAY_LATE, 2)).containsExactly(Instant.parse(first), Instant.parse(second));
    }

    @Test
    void occurrences_areComputedInTheTimersZone() {
        NcrontabSchedule berlin = NcrontabSchedule.parse("0 0 2 * * *", ZoneId.of("Europe/Berlin"));

        assertThat(berlin.next(Instant.parse("2026-11-21T12:00:00Z"))).as("02:00 CET = 01:00 UTC")
                .isEqualTo(Instant.parse("2026-11-22T01:00:00Z"));
        assertThat(berlin.next(Instant.parse("2026-07-01T12:00:00Z"))).as("02:00 CEST = 00:00 UTC")
                .isEqualTo(Instant.parse("2026-07-02T00:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "''                    | expected 6 fields",
            "0 */5 * * *  * *      | found 7",
            "0 */5 * *             | found 4",
            "60 * * * * *          | not in range",
            "0 0 24 * * *          | not in range",
            "0 0 0 32 * *          | not in range",
            "0 0 0 * 13 *          | not in range",
            "0 0 0 * * 7           | not in range",
            "0 0 0 ? * *           | not a valid NCRONTAB expression",
            "0 0 0 L * *           | not a valid NCRONTAB expression",
            "0 0 0 15W * *         | not a valid NCRONTAB expression",
            "0 0 0 * * MON#2       | not a valid NCRONTAB expression",
            "0 0 0 31 2 *          | never fires",
            "every five minutes x  | not a valid NCRONTAB expression",
            "00:05:00              | expected 6 fields",
    })
    void invalidExpressions_areRefused_withTheReason(String expression, String reason) {
        assertThatThrownBy(() -> NcrontabSchedule.parse(expression, ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + expression.trim() + "'")
                .hasMessageContaining(reason);
    }

    @Test
    void settingReferences_areReplacedByTheirValues() {
        Map<String, String> settings = Map.of("HEALTH_SWEEP_SCHEDULE", " 0 */5 * * * * ", "SECONDS", "30");

        assertThat(NcrontabSchedule.resolve("HealthSweep", "%HEALTH_SWEEP_SCHEDULE%", settings)).isEqualTo("0 */5 * * * *");
        assertThat(NcrontabSchedule.resolve("Tick", "%SECONDS% * * * * *", settings)).isEqualTo("30 * * * * *");
        assertThat(NcrontabSchedule.resolve("Plain", "0 0 2 * * *", settings)).isEqualTo("0 0 2 * * *");
    }

    @Test
    void aMissingOrBlankSetting_namesTheFunctionAndTheSetting() {
        assertThatThrownBy(() -> NcrontabSchedule.resolve("HealthSweep", "%HEALTH_SWEEP_SCHEDULE%", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("function 'HealthSweep'")
                .hasMessageContaining("app setting 'HEALTH_SWEEP_SCHEDULE'")
                .hasMessageContaining("not set");
        assertThatThrownBy(() -> NcrontabSchedule.resolve("Reconcile", "%RECONCILE_SCHEDULE%", Map.of("RECONCILE_SCHEDULE", " ")))
                .hasMessageContaining("'RECONCILE_SCHEDULE'");
        assertThatThrownBy(() -> NcrontabSchedule.resolve("NoSchedule", null, Map.of()))
                .hasMessageContaining("function 'NoSchedule'").hasMessageContaining("without a schedule");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "*/1 * * * * *   | true",
            "*/10 * * * * *  | true",
            "0,30 * * * * *  | true",
            "0 * * * * *     | false",
            "0 */5 * * * *   | false",
            "* 0 * * * *     | false",
            "0 0 2 * * *     | false",
    })
    void schedulesFiringMoreThanOnceAMinute_areRecognised(String expression, boolean frequent) {
        assertThat(NcrontabSchedule.parse(expression, ZoneOffset.UTC).moreThanOncePerMinute(SATURDAY_LATE)).isEqualTo(frequent);
    }
}
