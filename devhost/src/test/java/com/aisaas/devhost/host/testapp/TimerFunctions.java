package com.aisaas.devhost.host.testapp;

import com.aisaas.devhost.host.testapp.probe.EventProbe;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.util.HashMap;
import java.util.Map;

/** Timer functions; each records the TimerInfo it received (and where from) under its function name. */
public class TimerFunctions {

    /** The shape the app's timers take: the TimerInfo JSON as a String. */
    public void tick(@TimerTrigger(name = "timer", schedule = "%TICK_SCHEDULE%") String timerInfo,
                     @BindingName("TimerTrigger") String triggerTime, ExecutionContext context) {
        context.getLogger().info("fired " + context.getFunctionName());
        Map<String, Object> values = new HashMap<>();
        values.put("timerInfo", timerInfo);
        values.put("triggerTime", triggerTime);
        values.put("millis", System.currentTimeMillis());
        values.put("invocationId", context.getInvocationId());
        EventProbe.record(context.getFunctionName(), values);
        EventProbe.maybeFail(context.getFunctionName());
    }

    /** The TimerInfo bound to a POJO through Gson. */
    public void typed(@TimerTrigger(name = "timer", schedule = "0 0 0 1 1 *") Info info, ExecutionContext context) {
        EventProbe.record(context.getFunctionName(), Map.of("isPastDue", info.IsPastDue, "hasStatus", info.ScheduleStatus != null,
                "adjustForDst", info.Schedule != null && info.Schedule.AdjustForDST));
    }

    /** The TimerInfo fields, named as the host writes them. */
    public static class Info {
        public Schedule Schedule;
        public Status ScheduleStatus;
        public boolean IsPastDue;
    }

    public static class Schedule {
        public boolean AdjustForDST;
    }

    public static class Status {
        public String Last;
        public String Next;
        public String LastUpdated;
    }
}
