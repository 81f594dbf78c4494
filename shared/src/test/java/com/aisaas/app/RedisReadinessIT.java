package com.aisaas.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.health.ComponentHealth;
import com.aisaas.health.HealthReport;
import com.aisaas.testing.TestServices;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /api/health/ready says that the API keeps serving without Redis, whether Redis is up or down. */
class RedisReadinessIT {

    @Test
    void ready_redisUp_carriesTheFailOpenNote() {
        try (AppContext context = AppContext.create(TestServices.appEnvironment("ready_note"))) {
            ComponentHealth redis = context.health().ready().components().get("redis");

            assertThat(redis.status()).isEqualTo(ComponentHealth.UP);
            assertThat(redis.details()).containsEntry("whenDown", AppContext.REDIS_FAIL_OPEN_NOTE);
        }
    }

    @Test
    void ready_redisDown_isStillRequiredByDefault_andSaysWhatFailsOpen() {
        Map<String, String> env = TestServices.appEnvironment("ready_note");
        env.put("REDIS_URL", "redis://127.0.0.1:" + TestServices.closedPort());
        try (AppContext context = AppContext.create(env)) {
            HealthReport report = context.health().ready();
            ComponentHealth redis = report.components().get("redis");

            assertThat(report.status()).isEqualTo(ComponentHealth.DOWN);
            assertThat(redis.status()).isEqualTo(ComponentHealth.DOWN);
            assertThat(redis.required()).isTrue();
            assertThat(redis.details()).containsEntry("whenDown", AppContext.REDIS_FAIL_OPEN_NOTE);
        }
    }
}
