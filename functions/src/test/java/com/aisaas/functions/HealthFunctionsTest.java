package com.aisaas.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.common.DependencyException;
import com.aisaas.common.Json;
import com.aisaas.config.HealthSettings;
import com.aisaas.config.SettingsException;
import com.aisaas.db.Database;
import com.aisaas.db.DatabaseInfo;
import com.aisaas.health.HealthCheck;
import com.aisaas.health.HealthService;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

class HealthFunctionsTest {

    /** A clock that stands still: the readiness report is reused for READY_MAX_AGE of it. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-05-01T12:00:00Z"), ZoneOffset.UTC);

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private HealthService health(Set<String> required, Supplier<Database> database, HealthCheck... checks) {
        return new HealthService(List.of(checks), new HealthSettings(required, Duration.ofSeconds(2)), database,
                executor, CLOCK);
    }

    private static HealthCheck up(String name) {
        return HealthCheck.of(name, () -> true, Map::of);
    }

    private static HealthCheck down(String name) {
        return HealthCheck.of(name, () -> true, () -> {
            throw new DependencyException(name, true, "ping failed: Connection refused");
        });
    }

    private static JsonNode json(FakeHttp.Response response) throws Exception {
        return Json.mapper().readTree((String) response.body());
    }

    @Test
    void live_answers200UpAsJson() throws Exception {
        FakeHttp.Response response = FakeHttp.read(new HealthLiveHttpFunction()
                .run(FakeHttp.request("/api/health/live"), FakeHttp.context("inv-1")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(json(response).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void ready_allRequiredUp_answers200WithTheStatusOnly() throws Exception {
        HealthService service = health(Set.of("postgres", "redis"), () -> null, up("postgres"), up("redis"));

        FakeHttp.Response response = FakeHttp.read(new HealthReadyHttpFunction(() -> service)
                .run(FakeHttp.request("/api/health/ready"), FakeHttp.context("inv-2")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Retry-After")).isNull();
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void ready_requiredComponentDown_answers503DownWithRetryAfter_andNothingAboutTheComponent() {
        HealthService service = health(Set.of("postgres", "redis"), () -> null, up("postgres"), down("redis"));

        FakeHttp.Response response = FakeHttp.read(new HealthReadyHttpFunction(() -> service)
                .run(FakeHttp.request("/api/health/ready"), FakeHttp.context("inv-3")));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("10");
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo("{\"status\":\"DOWN\"}");
    }

    @Test
    void ready_manyRequests_runOneCheckRound_withinTheMaxAge() {
        AtomicInteger pings = new AtomicInteger();
        HealthService service = health(Set.of("postgres"), () -> null,
                HealthCheck.of("postgres", () -> true, () -> Map.<String, Object>of("ping", pings.incrementAndGet())));
        HealthReadyHttpFunction ready = new HealthReadyHttpFunction(() -> service);
        HealthReadyDetailsHttpFunction details = new HealthReadyDetailsHttpFunction(() -> service);

        for (int i = 0; i < 50; i++) {
            assertThat(FakeHttp.read(ready.run(FakeHttp.request("/api/health/ready"), FakeHttp.context("i"))).status())
                    .isEqualTo(200);
        }
        FakeHttp.Response detailed = FakeHttp.read(details.run(FakeHttp.request("/api/health/ready/details"),
                FakeHttp.context("i")));

        assertThat(pings).hasValue(1);
        assertThat(detailed.text()).contains("\"ping\":1");
    }

    @Test
    void readyDetails_allRequiredUp_answers200WithEachComponentStatusAndLatency() throws Exception {
        HealthService service = health(Set.of("postgres", "redis"), () -> null, up("postgres"), up("redis"),
                HealthCheck.of("keyvault", () -> false, Map::of));

        FakeHttp.Response response = FakeHttp.read(new HealthReadyDetailsHttpFunction(() -> service)
                .run(FakeHttp.request("/api/health/ready/details"), FakeHttp.context("inv-2")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Retry-After")).isNull();
        JsonNode body = json(response);
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.at("/components/postgres/status").asText()).isEqualTo("UP");
        assertThat(body.at("/components/postgres/latencyMs").isNumber()).isTrue();
        assertThat(body.at("/components/keyvault/status").asText()).isEqualTo("SKIPPED");
    }

    @Test
    void readyDetails_requiredComponentDown_answers503WithRetryAfterAndTheError() throws Exception {
        HealthService service = health(Set.of("postgres", "redis"), () -> null, up("postgres"), down("redis"));

        FakeHttp.Response response = FakeHttp.read(new HealthReadyDetailsHttpFunction(() -> service)
                .run(FakeHttp.request("/api/health/ready/details"), FakeHttp.context("inv-3")));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("10");
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = json(response);
        assertThat(body.get("status").asText()).isEqualTo("DOWN");
        assertThat(body.at("/components/redis/status").asText()).isEqualTo("DOWN");
        assertThat(body.at("/components/redis/error").asText()).contains("Connection refused");
        assertThat(body.at("/components/postgres/status").asText()).isEqualTo("UP");
    }

    @Test
    void ready_invalidSettings_answers500ProblemWithoutDetailsOrStackTrace() throws Exception {
        Supplier<HealthService> broken = () -> {
            throw new SettingsException(List.of("DB_URL is missing"));
        };

        FakeHttp.Response response = FakeHttp.read(new HealthReadyHttpFunction(broken)
                .run(FakeHttp.request("/api/health/ready"), FakeHttp.context("inv-4")));

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        String body = (String) response.body();
        assertThat(body).doesNotContain("DB_URL").doesNotContain("SettingsException").doesNotContain("\tat ");
        assertThat(json(response).get("invocationId").asText()).isEqualTo("inv-4");
        assertThat(json(response).get("instance").asText()).isEqualTo("/api/health/ready");
    }

    @Test
    void database_up_answers200WithVersionSslAndConnections() throws Exception {
        Database database = Mockito.mock(Database.class);
        Mockito.when(database.info()).thenReturn(new DatabaseInfo("UP", "17.6", "aisaas", "postgres", false, null,
                2, 5, 100, 3, null, null));
        HealthService service = health(Set.of("postgres"), () -> database);

        FakeHttp.Response response = FakeHttp.read(new HealthDatabaseHttpFunction(() -> service)
                .run(FakeHttp.request("/api/health/database"), FakeHttp.context("inv-5")));

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("serverVersion").asText()).isEqualTo("17.6");
        assertThat(body.get("ssl").asBoolean()).isFalse();
        assertThat(body.get("activeConnections").asInt()).isEqualTo(2);
        assertThat(body.get("responseTimeMs").asLong()).isEqualTo(3);
        assertThat(body.has("error")).isFalse();
    }

    @Test
    void database_down_answers503WithRetryAfter() throws Exception {
        HealthService service = health(Set.of("postgres"), () -> {
            throw new DependencyException("postgres", true, "transaction failed: SQLState 08001: Connection refused");
        });

        FakeHttp.Response response = FakeHttp.read(new HealthDatabaseHttpFunction(() -> service)
                .run(FakeHttp.request("/api/health/database"), FakeHttp.context("inv-6")));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("10");
        assertThat(json(response).get("status").asText()).isEqualTo("DOWN");
    }
}
