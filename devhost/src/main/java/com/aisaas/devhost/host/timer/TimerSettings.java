package com.aisaas.devhost.host.timer;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How the devhost runs timer triggers, from the app settings (environment).
 *
 * @param enabled {@code DEVHOST_TIMERS} (on|off, default on): off leaves timer functions unscheduled (they are still
 *                listed, and {@code POST /admin/functions/<name>} still runs them), for tests that do not want them
 * @param zone    the time zone schedules are read in: {@code WEBSITE_TIME_ZONE}, else {@code TZ} (IANA ids such as
 *                {@code Europe/Berlin}; what the real host on Linux honours), else UTC — the host's default in Azure
 */
public record TimerSettings(boolean enabled, ZoneId zone) {

    static final String ENABLED_ENV = "DEVHOST_TIMERS";
    static final String WEBSITE_TIME_ZONE_ENV = "WEBSITE_TIME_ZONE";
    static final String TZ_ENV = "TZ";

    public TimerSettings {
        Objects.requireNonNull(zone, "zone");
    }

    static TimerSettings defaults() {
        return new TimerSettings(true, ZoneOffset.UTC);
    }

    /** @throws IllegalArgumentException naming every setting that is not valid */
    public static TimerSettings fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String enabledText = env.getOrDefault(ENABLED_ENV, "on");
        String enabled = enabledText == null ? "on" : enabledText.trim().toLowerCase(Locale.ROOT);
        if (!enabled.isEmpty() && !Set.of("on", "off", "true", "false").contains(enabled)) {
            problems.add(ENABLED_ENV + " must be on or off, was: " + enabledText);
        }
        ZoneId zone = ZoneOffset.UTC;
        for (String name : List.of(WEBSITE_TIME_ZONE_ENV, TZ_ENV)) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                continue;
            }
            String id = value.trim().startsWith(":") ? value.trim().substring(1) : value.trim();
            try {
                zone = ZoneId.of(id).normalized();
            } catch (DateTimeException e) {
                problems.add(name + " must be an IANA time zone id such as Europe/Berlin or UTC, was: " + value);
            }
            break;
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid timer settings: " + String.join("; ", problems));
        }
        return new TimerSettings(!enabled.equals("off") && !enabled.equals("false"), zone);
    }
}
