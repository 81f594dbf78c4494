package com.aisaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.devhost.services.LocalServices;
import com.aisaas.devhost.services.Service;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged app under devhost over real HTTP, with its own PostgreSQL, Redis and Azurite (so that the fault
 * tests can stop and restart them without touching anything else).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_HEADER = "x-functions-key";

    private LocalServices services;
    private Devhost devhost;

    @BeforeAll
    void start() {
        services = LocalServices.start(LocalServices.Options.defaults().shutdownHook(true));
        Map<String, String> settings = new HashMap<>(services.settings());
        settings.put("LOG_FORMAT", "json");
        settings.put("DB_CONNECTION_TIMEOUT_MS", "1500");
        // the first readiness call also builds the pool and migrates: room for a loaded CI machine
        settings.put("HEALTH_CHECK_TIMEOUT_MS", "8000");
        settings.put("DB_RETRY_BASE_DELAY_MS", "20");
        devhost = Devhost.start(settings);
    }

    @AfterAll
    void stop() {
        if (devhost != null) {
            devhost.close();
        }
        if (services != null) {
            services.close();
        }
    }

    @Test
    @Order(1)
    void live_answersUpWithoutTouchingDependencies() throws Exception {
        HttpResponse<String> response = devhost.get("/api/health/live");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(JSON.readTree(response.body()).path("status").asText()).isEqualTo("UP");
    }

    @Test
    @Order(2)
    void ready_anonymouslyTellsTheStatusOnly_andTheDetailsNeedAFunctionKey() throws Exception {
        HttpResponse<String> anonymous = ApiContract.conforms(devhost.get("/api/health/ready"));
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(200);
        assertThat(JSON.readTree(anonymous.body())).isEqualTo(JSON.readTree("{\"status\":\"UP\"}"));
        assertThat(devhost.get("/api/health/ready/details").statusCode()).isEqualTo(401);
        assertThat(devhost.get("/api/health/ready/details", KEY_HEADER, "wrong").statusCode()).isEqualTo(401);

        HttpResponse<String> response = ApiContract.conforms(devhost.get("/api/health/ready/details", KEY_HEADER,
                Devhost.FUNCTION_KEY));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("status").asText()).isEqualTo("UP");
        for (String component : new String[] {"postgres", "redis", "blob"}) {
            JsonNode health = body.path("components").path(component);
            assertThat(health.path("status").asText()).as(component).isEqualTo("UP");
            assertThat(health.path("latencyMs").isNumber()).as(component + " latency").isTrue();
        }
        assertThat(body.path("components").path("keyvault").path("status").asText()).isEqualTo("SKIPPED");
    }

    @Test
    @Order(3)
    void database_needsAFunctionKeyAndReportsTheServer() throws Exception {
        assertThat(devhost.get("/api/health/database").statusCode()).isEqualTo(401);
        assertThat(devhost.get("/api/health/database", KEY_HEADER, "wrong").statusCode()).isEqualTo(401);

        HttpResponse<String> response = devhost.get("/api/health/database", KEY_HEADER, Devhost.FUNCTION_KEY);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("status").asText()).isEqualTo("UP");
        assertThat(body.path("serverVersion").asText()).startsWith("17.");
        assertThat(body.path("ssl").isBoolean()).isTrue();
        assertThat(body.path("activeConnections").asInt()).isPositive();
        assertThat(body.path("responseTimeMs").isNumber()).isTrue();
    }

    @Test
    @Order(4)
    void metrics_exposePerFunctionInvocationsInPrometheusText() {
        devhost.get("/api/health/live");
        assertThat(devhost.get("/api/metrics").statusCode()).isEqualTo(401);

        HttpResponse<String> response = devhost.get("/api/metrics?code=" + Devhost.FUNCTION_KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body())
                .containsPattern("function_invocations_seconds_count\\{[^}]*function=\"HealthLive\"[^}]*} [1-9]")
                .containsPattern("function_invocations_percentiles_seconds\\{[^}]*quantile=\"0.99\"")
                .contains("hikaricp_connections");
    }

    @Test
    @Order(5)
    void ready_answers503WhileRedisIsDown_andRecoversWhenItReturns() throws Exception {
        services.redis().stop();
        try {
            // the anonymous answer may be the last check round's for a few seconds
            assertThat(awaitStatus("/api/health/ready", status -> status == 503)).isEqualTo(503);
            HttpResponse<String> anonymous = ApiContract.conforms(devhost.get("/api/health/ready"));
            assertThat(anonymous.headers().firstValue("retry-after")).isPresent();
            assertThat(anonymous.body()).doesNotContain("redis");
            HttpResponse<String> down = ApiContract.conforms(devhost.get("/api/health/ready/details", KEY_HEADER,
                    Devhost.FUNCTION_KEY));

            assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
            assertThat(down.headers().firstValue("retry-after")).isPresent();
            JsonNode body = JSON.readTree(down.body());
            assertThat(body.path("components").path("redis").path("status").asText()).isEqualTo("DOWN");
            assertThat(body.path("components").path("postgres").path("status").asText()).isEqualTo("UP");
            assertThat(devhost.get("/api/health/live").statusCode()).isEqualTo(200);
        } finally {
            services.redis().start();
        }
        assertThat(awaitStatus("/api/health/ready", status -> status == 200)).isEqualTo(200);
    }

    @Test
    @Order(6)
    void ready_and_database_answer503WhilePostgresIsDown_andRecoverWhenItReturns() throws Exception {
        services.postgres().stop();
        try {
            assertThat(awaitStatus("/api/health/ready", status -> status == 503)).isEqualTo(503);
            HttpResponse<String> ready = devhost.get("/api/health/ready/details", KEY_HEADER, Devhost.FUNCTION_KEY);
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
            assertThat(JSON.readTree(ready.body()).path("components").path("postgres").path("status").asText())
                    .isEqualTo("DOWN");

            HttpResponse<String> database = devhost.get("/api/health/database", KEY_HEADER, Devhost.FUNCTION_KEY);
            assertThat(database.statusCode()).as(database.body()).isEqualTo(503);
            assertThat(database.headers().firstValue("retry-after")).isPresent();
            assertThat(database.body()).doesNotContain("password").doesNotContain("at com.");
        } finally {
            services.postgres().start();
        }
        assertThat(awaitStatus("/api/health/ready", status -> status == 200)).isEqualTo(200);
        assertThat(devhost.get("/api/health/database", KEY_HEADER, Devhost.FUNCTION_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(7)
    void logs_carryTheInvocationId_andNoSecrets() {
        String output = devhost.output();

        assertThat(output).containsPattern("\"invocationId\":\"[0-9a-f-]{36}\"");
        assertThat(output).doesNotContain(services.azurite().connectionString());
        assertThat(output).doesNotContain("AccountKey=");
    }

    @Test
    @Order(8)
    void stop_drainsTheHostAndClosesTheAppCleanly() {
        int exitCode = devhost.stop();

        assertThat(exitCode).as("0, or 128+SIGTERM as for any process ended by a signal").isIn(0, 143);
        assertThat(devhost.output())
                .contains("SIGTERM received, draining")
                .doesNotContain("did not stop within")
                .doesNotContain("NoClassDefFoundError")
                .doesNotContain("Exception in thread");
    }

    private int awaitStatus(String path, Predicate<Integer> wanted) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status = -1;
        while (System.nanoTime() < deadline) {
            status = devhost.get(path).statusCode();
            if (wanted.test(status)) {
                return status;
            }
            Devhost.sleep(250);
        }
        return status;
    }
}
