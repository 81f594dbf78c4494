package com.aisaas.devhost.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventSourceSettingsTest {

    @Test
    void defaults_pollEvery100ms_scaleRetriesBy0_01_and30Attempts() {
        EventSourceSettings settings = EventSourceSettings.fromEnvironment(Map.of());
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.retryScale()).isEqualTo(0.01);
        assertThat(settings.maxAttempts()).isEqualTo(30);
        assertThat(settings.eventGridSubscriptions()).isEmpty();
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.scaled(Duration.ofSeconds(10))).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void settings_areReadFromTheEnvironment() {
        EventSourceSettings settings = EventSourceSettings.fromEnvironment(Map.of("DEVHOST_EVENT_POLL_MS", "50",
                "DEVHOST_EVENT_RETRY_SCALE", "1", "DEVHOST_EVENT_MAX_ATTEMPTS", "3",
                "DEVHOST_EVENTGRID_SUBSCRIPTIONS", " Lifecycle = Uploaded-Files, quarantine ; Audit=logs;",
                "DEVHOST_EVENTGRID_CONNECTION", "UploadsStorage", "DEVHOST_EVENT_SOURCE", "off"));
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(settings.scaled(Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.maxAttempts()).isEqualTo(3);
        assertThat(settings.eventGridSubscriptions()).containsExactly(Map.entry("Lifecycle", List.of("uploaded-files", "quarantine")),
                Map.entry("Audit", List.of("logs")));
        assertThat(settings.eventGridConnection()).isEqualTo("UploadsStorage");
        assertThat(settings.enabled()).isFalse();
    }

    @Test
    void invalidSettings_nameTheSetting() {
        assertThatThrownBy(() -> EventSourceSettings.fromEnvironment(Map.of("DEVHOST_EVENT_POLL_MS", "soon")))
                .hasMessageContaining("DEVHOST_EVENT_POLL_MS");
        assertThatThrownBy(() -> EventSourceSettings.fromEnvironment(Map.of("DEVHOST_EVENT_POLL_MS", "0")))
                .hasMessageContaining("DEVHOST_EVENT_POLL_MS");
        assertThatThrownBy(() -> EventSourceSettings.fromEnvironment(Map.of("DEVHOST_EVENT_RETRY_SCALE", "-1")))
                .hasMessageContaining("DEVHOST_EVENT_RETRY_SCALE");
        assertThatThrownBy(() -> EventSourceSettings.fromEnvironment(Map.of("DEVHOST_EVENT_MAX_ATTEMPTS", "31")))
                .hasMessageContaining("between 1 and 30");
        assertThatThrownBy(() -> EventSourceSettings.fromEnvironment(Map.of("DEVHOST_EVENTGRID_SUBSCRIPTIONS", "Lifecycle")))
                .hasMessageContaining("Function=container");
        assertThatThrownBy(() -> EventSourceSettings.fromEnvironment(Map.of("DEVHOST_EVENT_SOURCE", "maybe")))
                .hasMessageContaining("on or off");
    }
}
