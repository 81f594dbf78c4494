package com.aisaas.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.app.AppContext;
import com.aisaas.db.DatabaseInfo;
import com.aisaas.testing.TestServices;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Readiness against real PostgreSQL, Redis and Azurite, built through the AppContext as in production. Each
 * context starts cold, so its first PostgreSQL check also builds the pool and runs the migrations; these tests are
 * about which components are up, not about the per-check time limit (HealthServiceTest covers that), so they give
 * each check a limit no loaded machine reaches.
 */
class HealthIT {

    private static Map<String, String> environment() {
        Map<String, String> env = TestServices.appEnvironment("health_it");
        env.put("HEALTH_CHECK_TIMEOUT_MS", "30000");
        return env;
    }

    @Test
    void ready_withRealServices_isUpForEveryConfiguredComponentAndSkipsKeyVault() {
        Map<String, String> env = environment();
        try (AppContext context = AppContext.create(env)) {
            HealthReport report = context.health().ready();

            assertThat(report.components()).containsOnlyKeys("postgres", "redis", "blob", "keyvault");
            assertThat(report.components().get("postgres").status()).isEqualTo("UP");
            assertThat(report.components().get("redis").status()).isEqualTo("UP");
            assertThat(report.components().get("blob").status()).isEqualTo("UP");
            assertThat(report.components().get("blob").details()).containsEntry("container", "uploaded-files");
            assertThat(report.components().get("keyvault").status()).isEqualTo("SKIPPED");
            assertThat(report.isUp()).isTrue();
            assertThat(report.components().get("postgres").latencyMs()).isNotNull();
        }
    }

    @Test
    void ready_redisOnAClosedPort_isDownAndTheAppIsNotReady() {
        Map<String, String> env = environment();
        env.put("REDIS_URL", "redis://127.0.0.1:" + TestServices.closedPort());
        env.put("REDIS_TIMEOUT_MS", "500");
        try (AppContext context = AppContext.create(env)) {
            HealthReport report = context.health().ready();

            assertThat(report.isUp()).isFalse();
            ComponentHealth redis = report.components().get("redis");
            assertThat(redis.status()).isEqualTo("DOWN");
            assertThat(redis.required()).isTrue();
            assertThat(redis.error()).startsWith("redis: ping failed");
            assertThat(report.components().get("postgres").status()).isEqualTo("UP");
        }
    }

    @Test
    void ready_redisDownButNotRequired_staysReady() {
        Map<String, String> env = environment();
        env.put("REDIS_URL", "redis://127.0.0.1:" + TestServices.closedPort());
        env.put("HEALTH_REQUIRED_COMPONENTS", "postgres,blob");
        try (AppContext context = AppContext.create(env)) {
            HealthReport report = context.health().ready();

            assertThat(report.components().get("redis").status()).isEqualTo("DOWN");
            assertThat(report.isUp()).isTrue();
        }
    }

    @Test
    void database_reportsVersionSslConnectionsAndResponseTime() {
        try (AppContext context = AppContext.create(environment())) {
            assertThat(context.databaseBuilt()).isFalse();

            DatabaseInfo info = context.health().database();

            assertThat(context.databaseBuilt()).isTrue();
            assertThat(info.isUp()).isTrue();
            assertThat(info.serverVersion()).startsWith("17.");
            assertThat(info.ssl()).isFalse();
            assertThat(info.activeConnections()).isPositive();
            assertThat(info.responseTimeMs()).isNotNegative();
        }
    }

    @Test
    void database_unreachable_isDownWithoutThrowing() {
        Map<String, String> env = environment();
        env.put("DB_URL", "jdbc:postgresql://127.0.0.1:" + TestServices.closedPort() + "/aisaas");
        env.put("DB_CONNECTION_TIMEOUT_MS", "300");
        env.put("DB_RETRY_MAX_ATTEMPTS", "1");
        try (AppContext context = AppContext.create(env)) {
            DatabaseInfo info = context.health().database();

            assertThat(info.isUp()).isFalse();
            assertThat(info.error()).isNotBlank();
            assertThat(context.health().ready().components().get("postgres").status()).isEqualTo("DOWN");
        }
    }
}
