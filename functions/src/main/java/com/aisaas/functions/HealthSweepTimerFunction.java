package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.maintenance.HealthSweep;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/** Every HEALTH_SWEEP_SCHEDULE (default 5 minutes): probes every component, records it, raises and clears alerts. */
public final class HealthSweepTimerFunction {

    static final String NAME = "HealthSweep";

    @FunctionName(NAME)
    public void run(@TimerTrigger(name = "timer", schedule = "%HEALTH_SWEEP_SCHEDULE%") String timerInfo,
                    ExecutionContext ctx) {
        Timers.run(NAME, HealthSweep.JOB, timerInfo, ctx, () -> AppContext.get().healthSweep().run());
    }
}
