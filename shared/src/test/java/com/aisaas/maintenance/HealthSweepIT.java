package com.aisaas.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.app.AppContext;
import com.aisaas.common.ValidationException;
import com.aisaas.devhost.services.LocalPostgres;
import com.aisaas.devhost.services.LocalServices;
import com.aisaas.devhost.services.Service;
import com.aisaas.events.DomainEvent;
import com.aisaas.health.ComponentHealth;
import com.aisaas.testing.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The health sweep against real PostgreSQL, Redis and Azurite: records, alerts once, clears once. */
class HealthSweepIT {

    private WebhookReceiver webhook;
    private RecordingPublisher events;

    @BeforeEach
    void start() {
        webhook = new WebhookReceiver();
        events = new RecordingPublisher();
    }

    @AfterEach
    void stop() {
        webhook.close();
    }

    private static Map<String, String> env(String prefix) {
        Map<String, String> env = TestServices.appEnvironment(prefix);
        env.put("HEALTH_DB_LATENCY_ALERT_MS", "60000"); // not what these tests are about
        env.put("REDIS_TIMEOUT_MS", "500");
        return env;
    }

    /** A sweep as the timer runs it, but announcing to this test's webhook and publisher. */
    private HealthSweep sweep(AppContext context) {
        Alerts alerts = new Alerts(context::database, Optional.of(webhook.url()), events, Clock.systemUTC());
        return new HealthSweep(context.health()::sweep, context::database, alerts, context.settings().maintenance(),
                Clock.systemUTC());
    }

    @Test
    void sweep_withRealServices_recordsEveryComponentWithItsMeasurementsAndThresholds() {
        try (AppContext context = AppContext.create(env("sweep_all"))) {
            HealthSweep.SweepResult first = context.healthSweep().run();
            context.healthSweep().run();

            assertThat(first.recorded()).isTrue();
            assertThat(first.components()).extracting(HealthSweep.ComponentResult::component)
                    .containsExactly("postgres", "redis", "blob", "keyvault");
            HealthSweep.ComponentResult postgres = first.component("postgres");
            assertThat(postgres.status()).isEqualTo(ComponentHealth.UP);
            assertThat(postgres.latencyMs()).isNotNull();
            assertThat(postgres.details()).containsKeys("roundTripMs", "connections", "maxConnections")
                    .containsEntry("replica", "not configured")
                    .containsEntry("thresholds", Map.of("latencyAlertMs", 60000L, "connectionsAlert", 180));
            assertThat(first.component("redis").details()).containsKeys("pingMs", "usedMemoryBytes", "maxMemoryBytes");
            assertThat(first.component("blob").status()).isEqualTo(ComponentHealth.UP);
            assertThat(first.component("keyvault").status()).isEqualTo(ComponentHealth.SKIPPED);
            assertThat(first.alerts().raised()).isEmpty();

            MaintenanceReports reports = context.maintenanceReports();
            List<HealthCheckRecord> all = reports.healthHistory(Optional.empty(), 100, Optional.empty());
            assertThat(all).hasSize(8);
            assertThat(all.subList(0, 4)).extracting(HealthCheckRecord::component)
                    .containsExactlyInAnyOrder("postgres", "redis", "blob", "keyvault");
            List<HealthCheckRecord> postgresHistory = reports.healthHistory(Optional.of("postgres"), 100,
                    Optional.empty());
            assertThat(postgresHistory).hasSize(2);
            assertThat(postgresHistory.get(0).id()).isGreaterThan(postgresHistory.get(1).id());
            assertThat(postgresHistory.get(1).details()).containsKey("connections")
                    .containsEntry("breaches", List.of());
            assertThat(reports.healthHistory(Optional.of("postgres"), 100, Optional.of(postgresHistory.get(0).id())))
                    .containsExactly(postgresHistory.get(1));
            assertThat(reports.healthHistory(Optional.of("keyvault"), 1, Optional.empty()).get(0).status())
                    .isEqualTo("SKIPPED");
            assertThatThrownBy(() -> reports.healthHistory(Optional.of("mysql"), 10, Optional.empty()))
                    .isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> reports.healthHistory(Optional.empty(), 0, Optional.empty()))
                    .isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void connectionsAboveTheAlertLine_raiseOnceOverTwoSweeps_andAnotherInstanceClearsItOnce() throws Exception {
        Map<String, String> low = env("sweep_conn");
        low.put("HEALTH_DB_CONNECTIONS_ALERT", "1");
        Map<String, String> high = new java.util.HashMap<>(low);
        high.put("HEALTH_DB_CONNECTIONS_ALERT", "100000");
        // a second client connection, so that the server has more than one whatever else runs
        try (Connection extra = DriverManager.getConnection(low.get("DB_URL"),
                LocalPostgres.MAINTENANCE_ROLE, LocalPostgres.PASSWORD);
             AppContext breaching = AppContext.create(low);
             AppContext relaxed = AppContext.create(high)) {
            HealthSweep sweep = sweep(breaching);

            HealthSweep.SweepResult first = sweep.run();
            HealthSweep.SweepResult second = sweep.run();

            assertThat(first.alerts().raised()).containsExactly("postgres.connections");
            assertThat(first.component("postgres").breaches()).containsExactly("postgres.connections");
            assertThat(second.alerts().raised()).isEmpty();
            assertThat(second.alerts().stillOpen()).containsExactly("postgres.connections");
            assertThat(webhook.bodies()).hasSize(1);
            Map<String, Object> raised = webhook.bodies().get(0);
            assertThat(raised).containsEntry("type", Alerts.RAISED).containsEntry("state", "raised")
                    .containsEntry("key", "postgres.connections").containsEntry("component", "postgres");
            @SuppressWarnings("unchecked")
            Map<String, Object> details = (Map<String, Object>) raised.get("details");
            assertThat(details).containsEntry("connectionsAlert", 1);
            assertThat(((Number) details.get("connections")).intValue()).isGreaterThan(1);
            assertThat(events.events()).extracting(DomainEvent::type).containsExactly(Alerts.RAISED);
            assertThat(events.events().get(0).subject()).isEqualTo("alerts/postgres.connections");
            List<Alert> open = breaching.maintenanceReports().openAlerts();
            assertThat(open).singleElement().satisfies(alert -> {
                assertThat(alert.key()).isEqualTo("postgres.connections");
                assertThat(alert.occurrences()).isEqualTo(2);
                assertThat(alert.isOpen()).isTrue();
            });

            HealthSweep.SweepResult cleared = sweep(relaxed).run();
            HealthSweep.SweepResult after = sweep(relaxed).run();

            assertThat(cleared.alerts().cleared()).containsExactly("postgres.connections");
            assertThat(after.alerts().cleared()).isEmpty();
            assertThat(after.alerts().raised()).isEmpty();
            assertThat(webhook.bodies()).extracting(b -> b.get("state")).containsExactly("raised", "cleared");
            assertThat(events.events()).extracting(DomainEvent::type).containsExactly(Alerts.RAISED, Alerts.CLEARED);
            assertThat(relaxed.maintenanceReports().openAlerts()).isEmpty();
            assertThat(relaxed.maintenanceReports().recentAlerts(10)).singleElement()
                    .satisfies(alert -> assertThat(alert.clearedAt()).isNotNull());
            assertThat(extra.isValid(1)).isTrue();
        }
    }

    @Test
    void redisStopped_isDownAndAlertsOnceOverTwoSweeps_thenClearsOnceWhenItIsBack() {
        try (LocalServices own = LocalServices.start(LocalServices.Options.defaults().services(Service.REDIS))) {
            Map<String, String> env = env("sweep_redis");
            env.put("REDIS_URL", own.redis().url());
            try (AppContext context = AppContext.create(env)) {
                HealthSweep sweep = sweep(context);
                assertThat(sweep.run().component("redis").status()).isEqualTo(ComponentHealth.UP);

                own.redis().stop();
                HealthSweep.SweepResult down1 = sweep.run();
                HealthSweep.SweepResult down2 = sweep.run();

                assertThat(down1.component("redis").status()).isEqualTo(ComponentHealth.DOWN);
                assertThat(down1.component("redis").details()).containsKey("error");
                assertThat(down1.alerts().raised()).containsExactly("redis.down");
                assertThat(down2.component("redis").status()).isEqualTo(ComponentHealth.DOWN);
                assertThat(down2.alerts().raised()).isEmpty();
                assertThat(down2.alerts().stillOpen()).containsExactly("redis.down");
                assertThat(webhook.bodies()).singleElement().satisfies(body -> assertThat(body)
                        .containsEntry("key", "redis.down").containsEntry("state", "raised"));
                assertThat(events.events()).singleElement().satisfies(event -> {
                    assertThat(event.type()).isEqualTo(Alerts.RAISED);
                    assertThat(event.data()).containsEntry("key", "redis.down");
                });
                assertThat(context.maintenanceReports().healthHistory(Optional.of("redis"), 10, Optional.empty()))
                        .extracting(HealthCheckRecord::status).containsExactly("DOWN", "DOWN", "UP");

                own.redis().start();
                awaitRedis(context);
                HealthSweep.SweepResult up = sweep.run();
                HealthSweep.SweepResult again = sweep.run();

                assertThat(up.component("redis").status()).isEqualTo(ComponentHealth.UP);
                assertThat(up.alerts().cleared()).containsExactly("redis.down");
                assertThat(again.alerts().cleared()).isEmpty();
                assertThat(again.alerts().raised()).isEmpty();
                assertThat(webhook.bodies()).extracting(b -> b.get("state")).containsExactly("raised", "cleared");
                assertThat(events.events()).extracting(DomainEvent::type)
                        .containsExactly(Alerts.RAISED, Alerts.CLEARED);
                assertThat(context.maintenanceReports().openAlerts()).isEmpty();
            }
        }
    }

    @Test
    void postgresUnreachable_theSweepDoesNotThrow_reportsItDown_andAnnouncesWithoutSuppression() {
        Map<String, String> env = env("sweep_pg_down");
        env.put("DB_URL", "jdbc:postgresql://127.0.0.1:" + TestServices.closedPort() + "/aisaas");
        env.put("DB_CONNECTION_TIMEOUT_MS", "500");
        env.put("DB_RETRY_MAX_ATTEMPTS", "1");
        try (AppContext context = AppContext.create(env)) {
            HealthSweep.SweepResult result = sweep(context).run();

            assertThat(result.component("postgres").status()).isEqualTo(ComponentHealth.DOWN);
            assertThat(result.component("redis").status()).isEqualTo(ComponentHealth.UP);
            assertThat(result.recorded()).isFalse();
            assertThat(result.alerts().raised()).containsExactly("postgres.down");
            assertThat(webhook.bodies()).singleElement().satisfies(body -> assertThat(body)
                    .containsEntry("key", "postgres.down").containsEntry("suppression", "unavailable"));
        }
    }

    @Test
    void alerts_webhookUnreachable_isLoggedNotThrown_andTheAlertIsStillRecordedAndPublished() {
        try (AppContext context = AppContext.create(env("alerts_hook_down"))) {
            Alerts alerts = new Alerts(context::database,
                    Optional.of(java.net.URI.create("http://127.0.0.1:" + TestServices.closedPort() + "/alerts")),
                    events, Clock.systemUTC());
            Breach breach = new Breach("blob.down", "blob", "blob is DOWN: test", Map.of("error", "test"));

            assertThat(alerts.raise(breach)).isTrue();
            assertThat(alerts.raise(breach)).isFalse();
            assertThat(alerts.clear("blob.down")).isTrue();
            assertThat(alerts.clear("blob.down")).isFalse();
            assertThat(alerts.raise(breach)).as("a new episode after clearing").isTrue();

            assertThat(events.events()).extracting(DomainEvent::type)
                    .containsExactly(Alerts.RAISED, Alerts.CLEARED, Alerts.RAISED);
            assertThat(alerts.open()).singleElement().satisfies(alert -> assertThat(alert.occurrences()).isEqualTo(1));
            assertThat(alerts.recent(10)).hasSize(2);
        }
    }

    /** Waits (bounded by attempts, not by time) until the app's Redis client answers after the restart. */
    private static void awaitRedis(AppContext context) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                context.redis().ping();
                return;
            } catch (RuntimeException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
