package com.aisaas.devhost.host.timer;

import com.aisaas.devhost.host.worker.DotNetDates;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A timer's schedule status as the real host keeps it (WebJobs ScheduleStatus, docs/functions-host.md §4.2): the last occurrence that
 * fired, the next one expected, and when the status was last computed. {@link #NEVER} (.NET's {@code default(DateTime)},
 * 0001-01-01) stands for "not yet". It is stored as the JSON of the status blob and passed inside the TimerInfo JSON, both
 * with dates written by {@link DotNetDates} ({@code 2022-10-11T10:52:00.003967+02:00}). Its instants are whole .NET ticks
 * (100 ns), as a .NET DateTime holds them, so a status read back from its blob equals the one that was written.
 */
record ScheduleStatus(Instant last, Instant next, Instant lastUpdated) {

    /** .NET's {@code default(DateTime)}: "never". */
    static final Instant NEVER = DotNetDates.NEVER;

    ScheduleStatus {
        Objects.requireNonNull(last, "last");
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(lastUpdated, "lastUpdated");
        last = DotNetDates.toTicks(last);
        next = DotNetDates.toTicks(next);
        lastUpdated = DotNetDates.toTicks(lastUpdated);
    }

    /** The outcome of {@link #check}: the status to use from now on, whether it must be saved, and whether an occurrence was missed. */
    record Check(ScheduleStatus status, boolean changed, boolean pastDue) {
    }

    /**
     * What a timer listener does with the stored status when it starts (the real host's ScheduleMonitor.CheckPastDueAsync):
     * with no status yet, the next occurrence after {@code now} is recorded. Otherwise the next occurrence is recomputed
     * from Last (or LastUpdated when it never fired); if that differs from the stored Next, the schedule changed, and the
     * status is reset (to the next occurrence after {@code now} when the recomputed one is already past). The timer is past
     * due when {@code now} is after the Next it ends up with: an occurrence was missed while no host ran it.
     */
    static Check check(Instant now, NcrontabSchedule schedule, ScheduleStatus stored) {
        if (stored == null) {
            ScheduleStatus initial = new ScheduleStatus(NEVER, schedule.next(now), now);
            return new Check(initial, true, false);
        }
        Instant expected;
        Instant basis;
        if (!stored.last.equals(NEVER)) {
            basis = stored.last;
        } else if (!stored.lastUpdated.equals(NEVER)) {
            basis = stored.lastUpdated;
        } else {
            basis = now;
        }
        expected = schedule.next(basis);
        ScheduleStatus status = stored;
        boolean changed = false;
        if (!stored.next.equals(expected)) {
            if (now.isAfter(expected)) {
                expected = schedule.next(now);
                basis = now;
            }
            status = new ScheduleStatus(NEVER, expected, basis);
            changed = true;
        }
        return new Check(status, changed, now.isAfter(status.next));
    }

    /**
     * The status after an invocation at {@code invokedAt} (the real host's TimerListener): a scheduled invocation that ran
     * a little early counts as at its occurrence, so Next never repeats.
     */
    ScheduleStatus afterInvocation(Instant invokedAt, boolean scheduled, NcrontabSchedule schedule) {
        Instant at = scheduled && next.isAfter(invokedAt) ? next : invokedAt;
        return new ScheduleStatus(at, schedule.next(at), at);
    }

    JsonObject toJson(ZoneId zone) {
        JsonObject json = new JsonObject();
        json.addProperty("Last", format(last, zone));
        json.addProperty("Next", format(next, zone));
        json.addProperty("LastUpdated", format(lastUpdated, zone));
        return json;
    }

    /** The status blob's content. */
    String toJsonText(ZoneId zone) {
        return toJson(zone).toString();
    }

    /**
     * Reads a status blob written by devhost or by the real host. Dates without an offset are taken in {@code zone}; a
     * missing date is {@link #NEVER}.
     *
     * @throws IllegalArgumentException when the text is not such a status
     */
    static ScheduleStatus parse(String text, ZoneId zone) {
        try {
            JsonElement element = JsonParser.parseString(text);
            if (!element.isJsonObject()) {
                throw new IllegalArgumentException("a timer status must be a JSON object, was: " + abbreviate(text));
            }
            JsonObject json = element.getAsJsonObject();
            return new ScheduleStatus(date(json, "Last", zone), date(json, "Next", zone), date(json, "LastUpdated", zone));
        } catch (JsonParseException | DateTimeException | IllegalStateException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("not a timer status: " + abbreviate(text) + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The TimerInfo JSON the host passes to a Java timer function (docs/functions-host.md §4.3; Newtonsoft serialisation of WebJobs
     * TimerInfo): {@code {"Schedule":{"AdjustForDST":true},"ScheduleStatus":{...}|null,"IsPastDue":false}}. ScheduleStatus is
     * null when the schedule monitor is off.
     */
    static String timerInfoJson(ScheduleStatus status, boolean pastDue, ZoneId zone) {
        JsonObject schedule = new JsonObject();
        schedule.addProperty("AdjustForDST", true);
        JsonObject info = new JsonObject();
        info.add("Schedule", schedule);
        info.add("ScheduleStatus", status == null ? JsonNull.INSTANCE : status.toJson(zone));
        info.addProperty("IsPastDue", pastDue);
        return info.toString();   // JsonElement.toString keeps the null ScheduleStatus (Gson.toJson would drop it)
    }

    /** A date as the host writes it ({@link DotNetDates#format}). */
    static String format(Instant instant, ZoneId zone) {
        return DotNetDates.format(instant, zone);
    }

    private static Instant date(JsonObject json, String name, ZoneId zone) {
        JsonElement element = null;
        for (String key : json.keySet()) {
            if (key.equalsIgnoreCase(name)) {
                element = json.get(key);
            }
        }
        if (element == null || element.isJsonNull()) {
            return NEVER;
        }
        return DotNetDates.parse(element.getAsString(), zone);
    }

    private static String abbreviate(String text) {
        return text == null ? "null" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
