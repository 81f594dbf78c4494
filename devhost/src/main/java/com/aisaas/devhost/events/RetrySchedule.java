package com.aisaas.devhost.events;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Event Grid's delivery policy (docs/functions-host.md §2.3): success is 200–204; 400, 401, 403 and 413 are not
 * retried (the event is dead-lettered at once); otherwise retries follow 10 s, 30 s, 1 min, 5 min, 10 min, 30 min, 1 h,
 * 3 h, 6 h, then every 12 h, with a little randomness and at least 5 min after a 404, 2 min after a 408 and 30 s after a
 * 503 — all scaled by {@code DEVHOST_EVENT_RETRY_SCALE}.
 */
final class RetrySchedule {

    private static final List<Duration> SCHEDULE = List.of(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3),
            Duration.ofHours(6));
    private static final Duration LATER = Duration.ofHours(12);
    private static final Set<Integer> NOT_RETRIED = Set.of(400, 401, 403, 413);

    private final EventSourceSettings settings;

    RetrySchedule(EventSourceSettings settings) {
        this.settings = settings;
    }

    static boolean isSuccess(int status) {
        return status >= 200 && status <= 204;
    }

    static boolean isRetried(int status) {
        return !NOT_RETRIED.contains(status);
    }

    /**
     * The wait before the next attempt.
     *
     * @param attempts attempts made so far (1 after the first)
     * @param status   the last answer's status, or -1 when there was none (connection refused, timeout)
     */
    Duration delayAfter(int attempts, int status) {
        Duration base = attempts - 1 < SCHEDULE.size() ? SCHEDULE.get(attempts - 1) : LATER;
        Duration floor = switch (status) {
            case 404 -> Duration.ofMinutes(5);
            case 408 -> Duration.ofMinutes(2);
            case 503 -> Duration.ofSeconds(30);
            default -> Duration.ofSeconds(10);
        };
        Duration azure = base.compareTo(floor) < 0 ? floor : base;
        Duration jitter = Duration.ofNanos((long) (azure.toNanos() * ThreadLocalRandom.current().nextDouble(0, 0.1)));
        return settings.scaled(azure.plus(jitter));
    }

    /** How long an event may wait for delivery in total (1440 min, scaled). */
    Duration timeToLive() {
        return settings.scaled(EventSourceSettings.TIME_TO_LIVE);
    }

    /** Event Grid's lastDeliveryOutcome for an answer (or -1 for none). */
    static String outcome(int status, boolean timedOut) {
        if (timedOut) {
            return "TimedOut";
        }
        return switch (status) {
            case -1 -> "Aborted";
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 408 -> "TimedOut";
            case 413 -> "RequestEntityTooLarge";
            case 503 -> "Busy";
            default -> "GenericError";
        };
    }
}
