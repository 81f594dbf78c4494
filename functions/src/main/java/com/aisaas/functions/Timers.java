package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.common.Json;
import com.aisaas.maintenance.JobLock;
import com.aisaas.telemetry.Invocations;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way timer functions run their job: as an invocation ({@link Invocations}), under the job's lock
 * ({@link JobLock}: one instance at a time across a scale-out, and never two runs of the same job at once, even
 * when a manual run meets a scheduled one), noting a past-due occurrence (the host fires a missed schedule once
 * when it comes back; every job is safe to run twice, so it simply runs).
 */
final class Timers {

    private static final Logger log = LoggerFactory.getLogger(Timers.class);

    private Timers() {
    }

    static <T> Optional<T> run(String function, String job, String timerInfo, ExecutionContext ctx,
                               Supplier<JobLock> lock, Supplier<T> work) {
        return Invocations.run(function, ctx == null ? null : ctx.getInvocationId(), () -> {
            if (pastDue(timerInfo)) {
                log.warn("{}: this occurrence is past due (a run was missed); running it now", function);
            }
            Optional<T> result = lock.get().runExclusive(job, work);
            if (result.isEmpty()) {
                log.info("{}: skipped, {} is already running elsewhere", function, job);
            }
            return result;
        });
    }

    static <T> Optional<T> run(String function, String job, String timerInfo, ExecutionContext ctx, Supplier<T> work) {
        return run(function, job, timerInfo, ctx, () -> AppContext.get().jobLock(), work);
    }

    /** {@code IsPastDue} of the TimerInfo JSON the host passes; false when absent or unreadable. */
    static boolean pastDue(String timerInfo) {
        if (timerInfo == null || timerInfo.isBlank()) {
            return false;
        }
        try {
            JsonNode info = Json.mapper().readTree(timerInfo);
            return info.path("IsPastDue").asBoolean(false) || info.path("isPastDue").asBoolean(false);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return false;
        }
    }
}
