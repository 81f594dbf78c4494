package com.aisaas.devhost.host.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ScheduleStatusTest {

    static final NcrontabSchedule EVERY_FIVE_MINUTES = NcrontabSchedule.parse("0 */5 * * * *", ZoneOffset.UTC);
    static final Instant T = Instant.parse("2026-11-21T10:07:30Z");

    @Test
    void dates_areWrittenAsNewtonsoftWritesALocalDateTime() {
        assertThat(ScheduleStatus.format(Instant.parse("2022-10-11T08:52:00.003967Z"), ZoneId.of("Europe/Berlin")))
                .isEqualTo("2022-10-11T10:52:00.003967+02:00");
        assertThat(ScheduleStatus.format(Instant.parse("2022-10-11T08:53:00Z"), ZoneOffset.UTC)).isEqualTo("2022-10-11T08:53:00+00:00");
        assertThat(ScheduleStatus.format(Instant.parse("2022-10-11T08:53:00.123456789Z"), ZoneOffset.UTC))
                .as("100 ns ticks: 7 digits at most").isEqualTo("2022-10-11T08:53:00.1234567+00:00");
        assertThat(ScheduleStatus.format(ScheduleStatus.NEVER, ZoneOffset.UTC)).isEqualTo("0001-01-01T00:00:00+00:00");
    }

    @Test
    void timerInfo_hasTheShapeTheJavaWorkerReceives() {
        ScheduleStatus status = new ScheduleStatus(Instant.parse("2022-10-11T08:52:00.003967Z"), Instant.parse("2022-10-11T08:53:00Z"),
                Instant.parse("2022-10-11T08:52:00.003967Z"));

        String json = ScheduleStatus.timerInfoJson(status, false, ZoneId.of("Europe/Berlin"));

        // The TimerInfo sample of docs/functions-host.md §4.3, byte for byte.
        assertThat(json).isEqualTo("{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":{\"Last\":\"2022-10-11T10:52:00.003967+02:00\","
                + "\"Next\":\"2022-10-11T10:53:00+02:00\",\"LastUpdated\":\"2022-10-11T10:52:00.003967+02:00\"},\"IsPastDue\":false}");
    }

    @Test
    void timerInfo_withoutMonitor_hasANullStatus_andCarriesIsPastDue() {
        JsonObject info = JsonParser.parseString(ScheduleStatus.timerInfoJson(null, true, ZoneOffset.UTC)).getAsJsonObject();

        assertThat(info.keySet()).containsExactly("Schedule", "ScheduleStatus", "IsPastDue");
        assertThat(info.get("ScheduleStatus").isJsonNull()).isTrue();
        assertThat(info.get("IsPastDue").getAsBoolean()).isTrue();
    }

    @Test
    void statusBlobs_roundTrip_andTheRealHostsAreRead() {
        ScheduleStatus status = new ScheduleStatus(Instant.parse("2026-11-21T10:05:00.25Z"), Instant.parse("2026-11-21T10:10:00Z"),
                Instant.parse("2026-11-21T10:05:00.25Z"));
        assertThat(ScheduleStatus.parse(status.toJsonText(ZoneOffset.UTC), ZoneOffset.UTC)).isEqualTo(status);

        ScheduleStatus fromAzure = ScheduleStatus.parse("{\"Last\":\"0001-01-01T00:00:00\",\"Next\":\"2026-11-21T10:10:00+00:00\","
                + "\"LastUpdated\":\"2026-11-21T10:07:31.1234567Z\"}", ZoneOffset.UTC);
        assertThat(fromAzure).isEqualTo(new ScheduleStatus(ScheduleStatus.NEVER, Instant.parse("2026-11-21T10:10:00Z"),
                Instant.parse("2026-11-21T10:07:31.1234567Z")));
        assertThat(ScheduleStatus.parse("{\"Next\":\"2026-11-21T11:10:00\"}", ZoneId.of("Europe/Berlin")).next())
                .as("no offset: the timer's zone").isEqualTo(Instant.parse("2026-11-21T10:10:00Z"));
        assertThatThrownBy(() -> ScheduleStatus.parse("[1]", ZoneOffset.UTC)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScheduleStatus.parse("{\"Next\":\"soon\"}", ZoneOffset.UTC)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noStoredStatus_recordsTheNextOccurrence_andIsNotPastDue() {
        ScheduleStatus.Check check = ScheduleStatus.check(T, EVERY_FIVE_MINUTES, null);

        assertThat(check.pastDue()).isFalse();
        assertThat(check.changed()).isTrue();
        assertThat(check.status()).isEqualTo(new ScheduleStatus(ScheduleStatus.NEVER, Instant.parse("2026-11-21T10:10:00Z"), T));
    }

    @Test
    void aStatusWhoseNextIsStillAhead_isKept() {
        ScheduleStatus stored = new ScheduleStatus(Instant.parse("2026-11-21T10:05:00Z"), Instant.parse("2026-11-21T10:10:00Z"),
                Instant.parse("2026-11-21T10:05:00Z"));

        ScheduleStatus.Check check = ScheduleStatus.check(T, EVERY_FIVE_MINUTES, stored);

        assertThat(check).isEqualTo(new ScheduleStatus.Check(stored, false, false));
    }

    @Test
    void aMissedOccurrence_isPastDue_once_whateverHowManyWereMissed() {
        ScheduleStatus stored = new ScheduleStatus(Instant.parse("2026-11-21T09:00:00Z"), Instant.parse("2026-11-21T09:05:00Z"),
                Instant.parse("2026-11-21T09:00:00Z"));

        ScheduleStatus.Check check = ScheduleStatus.check(T, EVERY_FIVE_MINUTES, stored);

        assertThat(check.pastDue()).isTrue();
        assertThat(check.changed()).isFalse();
        ScheduleStatus after = check.status().afterInvocation(T, false, EVERY_FIVE_MINUTES);
        assertThat(after).as("the catch-up counts as the last run; the schedule goes on from now")
                .isEqualTo(new ScheduleStatus(T, Instant.parse("2026-11-21T10:10:00Z"), T));
        assertThat(ScheduleStatus.check(T.plusSeconds(1), EVERY_FIVE_MINUTES, after).pastDue()).isFalse();
    }

    @Test
    void aTimerThatNeverFired_isPastDue_whenItsRecordedNextPassed() {
        ScheduleStatus stored = new ScheduleStatus(ScheduleStatus.NEVER, Instant.parse("2026-11-21T10:05:00Z"),
                Instant.parse("2026-11-21T10:01:00Z"));

        assertThat(ScheduleStatus.check(T, EVERY_FIVE_MINUTES, stored).pastDue()).isTrue();
    }

    @Test
    void aChangedSchedule_resetsTheStatus_andIsNotPastDue() {
        // Recorded under "0 0 * * * *" (hourly): Next 10:00 does not follow from Last under the new schedule.
        ScheduleStatus stored = new ScheduleStatus(Instant.parse("2026-11-21T08:00:00Z"), Instant.parse("2026-11-21T09:00:00Z"),
                Instant.parse("2026-11-21T08:00:00Z"));

        ScheduleStatus.Check check = ScheduleStatus.check(T, EVERY_FIVE_MINUTES, stored);

        assertThat(check.changed()).isTrue();
        assertThat(check.pastDue()).isFalse();
        assertThat(check.status()).isEqualTo(new ScheduleStatus(ScheduleStatus.NEVER, Instant.parse("2026-11-21T10:10:00Z"), T));
    }

    @Test
    void aScheduledInvocationThatRanEarly_countsAsItsOccurrence() {
        ScheduleStatus status = new ScheduleStatus(Instant.parse("2026-11-21T10:05:00Z"), Instant.parse("2026-11-21T10:10:00Z"),
                Instant.parse("2026-11-21T10:05:00Z"));
        Instant early = Instant.parse("2026-11-21T10:09:59.990Z");

        assertThat(status.afterInvocation(early, true, EVERY_FIVE_MINUTES).next()).isEqualTo(Instant.parse("2026-11-21T10:15:00Z"));
        assertThat(status.afterInvocation(early, true, EVERY_FIVE_MINUTES).last()).isEqualTo(Instant.parse("2026-11-21T10:10:00Z"));
        assertThat(status.afterInvocation(early, false, EVERY_FIVE_MINUTES).last()).as("run on startup / past due: as invoked")
                .isEqualTo(early);
    }
}
