package com.aisaas.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.config.HealthSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The health sweep runs each check's sweep probe; readiness keeps running the plain check. */
class HealthSweepProbeTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private HealthService service(HealthCheck... checks) {
        return new HealthService(List.of(checks), new HealthSettings(Set.of("postgres"), Duration.ofSeconds(2)),
                () -> {
                    throw new AssertionError("no database here");
                }, executor, Clock.systemUTC());
    }

    @Test
    void sweep_usesTheSweepProbe_andReadyUsesTheCheck_notesKeptOnBoth() {
        HealthCheck check = HealthCheck.of("postgres", () -> true, () -> Map.of("probe", "ready"))
                .withSweep(() -> Map.of("probe", "sweep", "connections", 3))
                .withNotes(Map.of("note", "kept"));
        HealthService service = service(check);

        assertThat(service.ready().components().get("postgres").details())
                .containsEntry("probe", "ready").containsEntry("note", "kept").doesNotContainKey("connections");
        assertThat(service.sweep().components().get("postgres").details())
                .containsEntry("probe", "sweep").containsEntry("connections", 3).containsEntry("note", "kept");
    }

    @Test
    void sweep_withoutASweepProbe_runsTheCheck_andAFailingProbeIsDownNotThrown() {
        HealthCheck plain = HealthCheck.of("blob", () -> true, () -> Map.of("containerExists", true));
        HealthCheck failing = HealthCheck.of("redis", () -> true, Map::of).withSweep(() -> {
            throw new IllegalStateException("INFO refused");
        });
        HealthCheck skipped = HealthCheck.of("keyvault", () -> false, Map::of);

        HealthReport report = service(plain, failing, skipped).sweep();

        assertThat(report.components().get("blob").details()).containsEntry("containerExists", true);
        assertThat(report.components().get("redis").status()).isEqualTo(ComponentHealth.DOWN);
        assertThat(report.components().get("redis").error()).isEqualTo("INFO refused");
        assertThat(report.components().get("keyvault").status()).isEqualTo(ComponentHealth.SKIPPED);
    }

    @Test
    void infoFields_readsKeyValueLinesOfARedisInfoAnswer() {
        Map<String, String> fields = SweepProbes.infoFields("# Memory\r\nused_memory:1048576\r\nmaxmemory:0\r\n"
                + "maxmemory_policy:noeviction\r\n");

        assertThat(fields).containsEntry("used_memory", "1048576").containsEntry("maxmemory", "0")
                .containsEntry("maxmemory_policy", "noeviction").hasSize(3);
    }
}
