package com.aisaas.devhost.host.timer;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A timer trigger's NCRONTAB schedule (docs/functions-host.md §4): {@code {second} {minute} {hour} {day} {month} {day-of-week}}, or the
 * five fields without seconds, as the real host's CronSchedule also accepts. Each field takes {@code *}, values, ranges
 * ({@code 9-17}), steps ({@code *}{@code /5}, {@code 10-50/10}) and lists ({@code 1,15}); months take names ({@code Jan}) and
 * days of the week 0–6 (0 = Sunday) or names ({@code Mon}), like NCrontab; a day-of-month and a day-of-week both given
 * must both match. Quartz/Spring extras ({@code ?}, {@code L}, {@code W}, {@code #}) and day-of-week 7 are refused, as NCrontab refuses them.
 * Occurrences are computed in the timer's time zone.
 */
final class NcrontabSchedule {

    /** NCrontab's fields and ranges (cron-utils does the parsing and the occurrence math). */
    private static final CronDefinition DEFINITION = CronDefinitionBuilder.defineCron()
            .withSeconds().withValidRange(0, 59).withStrictRange().and()
            .withMinutes().withValidRange(0, 59).withStrictRange().and()
            .withHours().withValidRange(0, 23).withStrictRange().and()
            .withDayOfMonth().withValidRange(1, 31).withStrictRange().and()
            .withMonth().withValidRange(1, 12).withStrictRange().and()
            .withDayOfWeek().withValidRange(0, 6).withMondayDoWValue(1).withStrictRange().and()
            .matchDayOfWeekAndDayOfMonth()
            .instance();
    private static final CronParser PARSER = new CronParser(DEFINITION);
    private static final Pattern SETTING = Pattern.compile("%([^%]+)%");

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime executionTime;
    private final boolean everyFieldButSecondsIsWild;

    private NcrontabSchedule(String expression, ZoneId zone, Cron cron, boolean everyFieldButSecondsIsWild) {
        this.expression = expression;
        this.zone = zone;
        this.executionTime = ExecutionTime.forCron(cron);
        this.everyFieldButSecondsIsWild = everyFieldButSecondsIsWild;
    }

    /**
     * Parses a resolved expression (no {@code %Setting%} left).
     *
     * @throws IllegalArgumentException naming the expression and what is wrong with it
     */
    static NcrontabSchedule parse(String expression, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        String text = expression == null ? "" : expression.trim();
        String[] fields = text.isEmpty() ? new String[0] : text.split("\\s+");
        if (fields.length != 5 && fields.length != 6) {
            throw new IllegalArgumentException("the schedule expression '" + text + "' is not a valid NCRONTAB expression: expected 6 fields "
                    + "{second} {minute} {hour} {day} {month} {day-of-week} (or 5 without seconds), found " + fields.length);
        }
        String six = fields.length == 5 ? "0 " + String.join(" ", fields) : String.join(" ", fields);
        Cron cron;
        try {
            cron = PARSER.parse(six).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the schedule expression '" + text + "' is not a valid NCRONTAB expression: " + e.getMessage(), e);
        }
        String[] parts = six.split(" ");
        boolean wild = true;
        for (int i = 1; i < parts.length; i++) {
            wild &= parts[i].equals("*");
        }
        NcrontabSchedule schedule = new NcrontabSchedule(text, zone, cron, wild);
        if (schedule.executionTime.nextExecution(ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, zone)).isEmpty()) {
            throw new IllegalArgumentException("the schedule expression '" + text + "' never fires (no such date)");
        }
        return schedule;
    }

    /**
     * Replaces every {@code %NAME%} of a function.json schedule with that app setting (the real host resolves the whole
     * string the same way).
     *
     * @throws IllegalArgumentException naming the function and the setting that is not set
     */
    static String resolve(String functionName, String schedule, Map<String, String> settings) {
        if (schedule == null || schedule.isBlank()) {
            throw new IllegalArgumentException("function '" + functionName + "' has a timerTrigger without a schedule");
        }
        Matcher matcher = SETTING.matcher(schedule);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = settings.get(name);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("function '" + functionName + "': its schedule '" + schedule + "' names the app setting '"
                        + name + "', which is not set (add it to local.settings.json Values)");
            }
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(value.trim()));
        }
        matcher.appendTail(resolved);
        return resolved.toString().trim();
    }

    /** The first occurrence strictly after {@code after} (occurrences fall on whole seconds). */
    Instant next(Instant after) {
        ZonedDateTime from = after.truncatedTo(ChronoUnit.SECONDS).atZone(zone);
        return executionTime.nextExecution(from)
                .orElseThrow(() -> new IllegalStateException("the schedule '" + expression + "' has no occurrence after " + from))
                .toInstant();
    }

    /** The next {@code count} occurrences after {@code after}. */
    List<Instant> next(Instant after, int count) {
        List<Instant> occurrences = new ArrayList<>(count);
        Instant from = after;
        for (int i = 0; i < count; i++) {
            from = next(from);
            occurrences.add(from);
        }
        return occurrences;
    }

    /**
     * Whether the schedule fires more than once a minute: every field but the seconds is {@code *} and more than one
     * occurrence falls in the minute after {@code now} — then the real host turns the schedule monitor off.
     */
    boolean moreThanOncePerMinute(Instant now) {
        if (!everyFieldButSecondsIsWild) {
            return false;
        }
        Instant end = now.plus(Duration.ofMinutes(1));
        Instant first = next(now);
        return first.isBefore(end) && next(first).isBefore(end);
    }

    String expression() {
        return expression;
    }

    ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return "Cron: '" + expression + "'";
    }
}
