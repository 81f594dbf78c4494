package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.maintenance.UploadSweeper;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/**
 * Every UPLOAD_SWEEP_SCHEDULE (default every minute): re-drives unfinished uploads, fails those past
 * UPLOAD_GIVE_UP_HOURS, ingests Event Grid's dead letters, alerts on a backlog ({@link UploadSweeper}).
 */
public final class SweepUploadsTimerFunction {

    static final String NAME = "SweepUploads";

    @FunctionName(NAME)
    public void run(@TimerTrigger(name = "timer", schedule = "%UPLOAD_SWEEP_SCHEDULE%") String timerInfo,
                    ExecutionContext ctx) {
        Timers.run(NAME, UploadSweeper.JOB, timerInfo, ctx, () -> AppContext.get().uploadSweeper().run());
    }
}
