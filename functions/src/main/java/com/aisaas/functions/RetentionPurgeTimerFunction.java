package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.maintenance.RetentionPurge;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/**
 * Every RETENTION_PURGE_SCHEDULE (default daily): soft-deleted files past the restore window, old processed events,
 * health checks and dead letters, in bounded batches; then app-level backups older than BACKUP_RETENTION_DAYS
 * (never the newest verified one).
 */
public final class RetentionPurgeTimerFunction {

    static final String NAME = "RetentionPurge";

    @FunctionName(NAME)
    public void run(@TimerTrigger(name = "timer", schedule = "%RETENTION_PURGE_SCHEDULE%") String timerInfo,
                    ExecutionContext ctx) {
        Timers.run(NAME, RetentionPurge.JOB, timerInfo, ctx, () -> {
            AppContext app = AppContext.get();
            return java.util.List.of(app.retention().run(), app.backups().prune());
        });
    }
}
