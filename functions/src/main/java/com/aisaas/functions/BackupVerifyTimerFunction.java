package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.maintenance.BackupVerificationAlert;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/**
 * Every BACKUP_VERIFY_SCHEDULE (default daily 03:00 UTC, after the export): age against the RPO, manifest and part
 * checksums, a restore into a scratch schema, a sample of blobs re-hashed; a failure raises an alert.
 */
public final class BackupVerifyTimerFunction {

    static final String NAME = "BackupVerify";

    @FunctionName(NAME)
    public void run(@TimerTrigger(name = "timer", schedule = "%BACKUP_VERIFY_SCHEDULE%") String timerInfo,
                    ExecutionContext ctx) {
        Timers.run(NAME, BackupVerificationAlert.JOB, timerInfo, ctx,
                () -> AppContext.get().backupVerification().verifyLatest());
    }
}
