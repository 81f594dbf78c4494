package com.aisaas.devhost.host.timer;

import com.aisaas.devhost.host.worker.TriggerInput;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One timer invocation: the TimerInfo JSON the worker receives, and the binding data {@code TimerTrigger} — the time of
 * the invocation as .NET's {@code DateTime.Now.ToString()} writes it (en-US: {@code 11/21/2026 5:00:00 AM}).
 */
final class TimerTriggerInput implements TriggerInput {

    private static final DateTimeFormatter DOTNET_GENERAL = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US);

    private final String timerInfo;
    private final String triggerTime;

    TimerTriggerInput(String timerInfo, Instant invokedAt, ZoneId zone) {
        this.timerInfo = timerInfo;
        this.triggerTime = DOTNET_GENERAL.format(invokedAt.atZone(zone));
    }

    String timerInfo() {
        return timerInfo;
    }

    @Override
    public Object bindingData(String name) {
        return "TimerTrigger".equalsIgnoreCase(name) ? triggerTime : null;
    }
}
