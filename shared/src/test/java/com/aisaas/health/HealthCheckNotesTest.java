package com.aisaas.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.config.HealthSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HealthCheckNotesTest {

    private static HealthReport ready(HealthCheck check) {
        HealthService service = new HealthService(List.of(check),
                new HealthSettings(Set.of("redis"), Duration.ofSeconds(2)), () -> {
                    throw new AssertionError("no database");
                }, Runnable::run, Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC));
        return service.ready();
    }

    @Test
    void notes_appearWhenTheComponentIsUp_besideItsDetails() {
        HealthCheck check = HealthCheck.of("redis", () -> true, () -> Map.of("latency", "low"))
                .withNotes(Map.of("whenDown", "fails open"));

        ComponentHealth redis = ready(check).components().get("redis");

        assertThat(redis.status()).isEqualTo(ComponentHealth.UP);
        assertThat(redis.details()).containsEntry("whenDown", "fails open").containsEntry("latency", "low");
    }

    @Test
    void notes_appearWhenTheComponentIsDown_too() {
        HealthCheck check = HealthCheck.of("redis", () -> true, () -> {
            throw new IllegalStateException("connection refused");
        }).withNotes(Map.of("whenDown", "fails open"));

        HealthReport report = ready(check);

        assertThat(report.status()).isEqualTo(ComponentHealth.DOWN);
        assertThat(report.components().get("redis").error()).contains("connection refused");
        assertThat(report.components().get("redis").details()).containsEntry("whenDown", "fails open");
    }
}
