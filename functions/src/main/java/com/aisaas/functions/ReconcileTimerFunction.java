package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.maintenance.Reconciliation;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/** Every RECONCILE_SCHEDULE (default hourly): rows without blobs, blobs without rows, expired upload sessions. */
public final class ReconcileTimerFunction {

    static final String NAME = "Reconcile";

    @FunctionName(NAME)
    public void run(@TimerTrigger(name = "timer", schedule = "%RECONCILE_SCHEDULE%") String timerInfo,
                    ExecutionContext ctx) {
        Timers.run(NAME, Reconciliation.JOB, timerInfo, ctx, () -> AppContext.get().reconciliation().run());
    }
}
