package com.aisaas.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.common.DependencyException;
import com.aisaas.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.MDC;
import com.aisaas.config.HealthSettings;
import com.aisaas.db.Database;
import com.aisaas.db.DatabaseInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthServiceTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    /** Released when the test ends, so that checks that never answer do not outlive it. */
    private final CountDownLatch end = new CountDownLatch(1);

    @AfterEach
    void stop() {
        end.countDown();
        executor.shutdownNow();
    }

    private HealthService service(Set<String> required, Duration timeout, HealthCheck... checks) {
        Supplier<Database> noDatabase = () -> {
            throw new DependencyException("postgres", true, "connection refused");
        };
        return new HealthService(List.of(checks), new HealthSettings(required, timeout), noDatabase, executor, clock);
    }

    private static HealthCheck up(String name) {
        return HealthCheck.of(name, () -> true, () -> Map.of("ok", true));
    }

    private static HealthCheck down(String name) {
        return HealthCheck.of(name, () -> true, () -> {
            throw new DependencyException(name, true, "ping failed: connection refused");
        });
    }

    @Test
    void ready_allUp_isUpWithLatencyAndDetailsPerComponent() {
        HealthReport report = service(Set.of("postgres", "redis"), Duration.ofSeconds(2), up("postgres"), up("redis")).ready();

        assertThat(report.isUp()).isTrue();
        assertThat(report.checkedAt()).isEqualTo(clock.instant());
        assertThat(report.components()).containsOnlyKeys("postgres", "redis");
        assertThat(report.components().get("postgres").status()).isEqualTo("UP");
        assertThat(report.components().get("postgres").latencyMs()).isNotNull().isGreaterThanOrEqualTo(0);
        assertThat(report.components().get("postgres").details()).containsEntry("ok", true);
    }

    @Test
    void ready_requiredComponentDown_isDownWithTheError() {
        HealthReport report = service(Set.of("postgres", "redis"), Duration.ofSeconds(2), up("postgres"), down("redis")).ready();

        assertThat(report.isUp()).isFalse();
        ComponentHealth redis = report.components().get("redis");
        assertThat(redis.status()).isEqualTo("DOWN");
        assertThat(redis.error()).isEqualTo("redis: ping failed: connection refused");
    }

    @Test
    void ready_optionalComponentDown_staysUpButShowsIt() {
        HealthReport report = service(Set.of("postgres"), Duration.ofSeconds(2), up("postgres"), down("redis")).ready();

        assertThat(report.isUp()).isTrue();
        assertThat(report.components().get("redis").status()).isEqualTo("DOWN");
        assertThat(report.components().get("redis").required()).isFalse();
    }

    @Test
    void ready_unconfiguredComponent_isSkippedAndNeverChecked() {
        HealthCheck keyVault = HealthCheck.of("keyvault", () -> false, () -> {
            throw new AssertionError("must not be called");
        });

        HealthReport report = service(Set.of("postgres", "keyvault"), Duration.ofSeconds(2), up("postgres"), keyVault).ready();

        assertThat(report.isUp()).isTrue();
        assertThat(report.components().get("keyvault").status()).isEqualTo("SKIPPED");
    }

    @Test
    void ready_runsTheChecksInParallel() {
        // Each check finishes only once the other has started: run one after the other, the first would wait for the
        // second until the timeout cut it.
        CountDownLatch started = new CountDownLatch(2);
        HealthCheck postgres = HealthCheck.of("postgres", () -> true, () -> rendezvous(started));
        HealthCheck redis = HealthCheck.of("redis", () -> true, () -> rendezvous(started));

        HealthReport report = service(Set.of("postgres", "redis"), Duration.ofSeconds(30), postgres, redis).ready();

        assertThat(report.isUp()).isTrue();
    }

    @Test
    void ready_cutsChecksThatDoNotAnswerAtTheTimeout() {
        // These checks never answer (until the test ends): ready() returns only because it cuts them.
        HealthCheck stuck1 = HealthCheck.of("postgres", () -> true, () -> blockUntilTheEnd());
        HealthCheck stuck2 = HealthCheck.of("redis", () -> true, () -> blockUntilTheEnd());

        HealthReport report = service(Set.of("postgres", "redis"), Duration.ofMillis(300), stuck1, stuck2).ready();

        assertThat(report.isUp()).isFalse();
        assertThat(report.components().get("postgres").error()).isEqualTo("timed out after 300 ms");
        assertThat(report.components().get("redis").error()).isEqualTo("timed out after 300 ms");
    }

    @Test
    void ready_errorSummaryRedactsCredentialsInUrls() {
        HealthCheck leaky = HealthCheck.of("redis", () -> true, () -> {
            throw new IllegalStateException("cannot reach redis://:pw123@cache:6379");
        });

        HealthReport report = service(Set.of("redis"), Duration.ofSeconds(2), leaky).ready();

        assertThat(report.components().get("redis").error()).doesNotContain("pw123");
    }

    @Test
    void database_whenTheDatabaseCannotBeBuilt_isDownNotAnException() {
        DatabaseInfo info = service(Set.of("postgres"), Duration.ofSeconds(2)).database();

        assertThat(info.isUp()).isFalse();
        assertThat(info.error()).contains("connection refused");
    }

    @Test
    void ready_checksRunWithTheCallersMdcSoTheirLogLinesCarryTheInvocationId() {
        AtomicReference<String> seen = new AtomicReference<>();
        HealthCheck check = HealthCheck.of("postgres", () -> true, () -> {
            seen.set(MDC.get("invocationId"));
            return Map.of();
        });
        MDC.put("invocationId", "inv-health");
        try {
            service(Set.of("postgres"), Duration.ofSeconds(2), check).ready();
        } finally {
            MDC.remove("invocationId");
        }

        assertThat(seen).hasValue("inv-health");
    }

    @Test
    void report_json_showsStatusRequiredAndLatencyOnly() throws Exception {
        HealthReport report = service(Set.of("postgres"), Duration.ofSeconds(2), up("postgres"), down("redis")).ready();

        JsonNode json = Json.mapper().readTree(Json.write(report));

        assertThat(json.get("status").asText()).isEqualTo("UP");
        assertThat(json.get("checkedAt").asText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(json.at("/components/postgres").fieldNames()).toIterable()
                .containsExactly("status", "required", "latencyMs", "details");
        assertThat(json.at("/components/redis/error").asText()).contains("connection refused");
        assertThat(json.has("up")).isFalse();
    }

    @Test
    void live_needsNothing() {
        assertThat(HealthService.live()).containsEntry("status", "UP");
    }

    private Map<String, Object> blockUntilTheEnd() {
        try {
            end.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Map.of();
    }

    private static Map<String, Object> rendezvous(CountDownLatch started) {
        started.countDown();
        try {
            started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return Map.of();
    }
}
