package com.aisaas.devhost.host.timer;

import com.aisaas.devhost.host.worker.HostJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimerSettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaults_areOn_inUtc() {
        assertThat(TimerSettings.fromEnvironment(Map.of())).isEqualTo(new TimerSettings(true, ZoneOffset.UTC));
    }

    @Test
    void devhostTimersOff_turnsSchedulesOff() {
        assertThat(TimerSettings.fromEnvironment(Map.of("DEVHOST_TIMERS", "off")).enabled()).isFalse();
        assertThat(TimerSettings.fromEnvironment(Map.of("DEVHOST_TIMERS", "OFF ")).enabled()).isFalse();
        assertThat(TimerSettings.fromEnvironment(Map.of("DEVHOST_TIMERS", "on")).enabled()).isTrue();
    }

    @Test
    void theZone_comesFromWebsiteTimeZone_elseTz() {
        assertThat(TimerSettings.fromEnvironment(Map.of("WEBSITE_TIME_ZONE", "Europe/Berlin", "TZ", "Asia/Tokyo")).zone())
                .isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(TimerSettings.fromEnvironment(Map.of("TZ", ":Asia/Tokyo")).zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(TimerSettings.fromEnvironment(Map.of("TZ", "UTC")).zone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void invalidSettings_areAllNamedInOneMessage() {
        assertThatThrownBy(() -> TimerSettings.fromEnvironment(Map.of("DEVHOST_TIMERS", "maybe", "WEBSITE_TIME_ZONE", "Eastern Standard Time")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DEVHOST_TIMERS must be on or off, was: maybe")
                .hasMessageContaining("WEBSITE_TIME_ZONE must be an IANA time zone id");
    }

    @Test
    void hostJsonSingleton_setsTheListenerLockTimes() throws Exception {
        Files.writeString(dir.resolve("host.json"),
                "{\"version\":\"2.0\",\"singleton\":{\"listenerLockPeriod\":\"00:00:15\",\"listenerLockRecoveryPollingInterval\":\"00:00:01.5\"}}");

        HostJson hostJson = HostJson.read(dir);

        assertThat(hostJson.listenerLockPeriod()).isEqualTo(Duration.ofSeconds(15));
        assertThat(hostJson.listenerLockRecoveryPollingInterval()).isEqualTo(Duration.ofMillis(1500));
        assertThat(new HostJson("api").listenerLockPeriod()).as("default").isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aListenerLockPeriodNoLeaseCanHave_isRefused() throws Exception {
        Files.writeString(dir.resolve("host.json"), "{\"singleton\":{\"listenerLockPeriod\":\"00:05:00\"}}");
        assertThatThrownBy(() -> HostJson.read(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("singleton.listenerLockPeriod");
        JsonObject notATimeSpan = JsonParser.parseString("{\"listenerLockPeriod\":\"15s\"}").getAsJsonObject();
        assertThatThrownBy(() -> HostJson.timeSpan(notATimeSpan, "listenerLockPeriod", Duration.ZERO))
                .hasMessageContaining("TimeSpan like 00:01:00");
    }
}
