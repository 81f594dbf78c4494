package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/**
 * Every BACKUP_EXPORT_SCHEDULE (default daily 02:00 UTC): one consistent snapshot of the metadata tables to the
 * {@code backups} container. A failed export is recorded and rethrown; the verification's age check (RPO) alerts
 * if no good backup follows.
 */
public final class BackupExportTimerFunction {

    static final String NAME = "BackupExport";
    static final String JOB = "backup-export";

    @FunctionName(NAME)
    public void run(@TimerTrigger(name = "timer", schedule = "%BACKUP_EXPORT_SCHEDULE%") String timerInfo,
                    ExecutionContext ctx) {
        Timers.run(NAME, JOB, timerInfo, ctx, () -> AppContext.get().backups().export());
    }
}
