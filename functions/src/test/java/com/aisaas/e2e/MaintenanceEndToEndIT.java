package com.aisaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.devhost.services.LocalServices;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The timer functions and the admin endpoints over them, end to end: the packaged app under devhost with real
 * PostgreSQL, Redis and Azurite. Timers are fired through the Functions admin API (as an operator would, and as
 * the real host supports); their results are read back through the admin endpoints, validated against the spec.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MaintenanceEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Devhost devhost;
    private final String admin = Tokens.operator("ops-" + UUID.randomUUID());

    @BeforeAll
    void start() {
        LocalServices services = LocalServices.shared();
        Map<String, String> settings = Devhost.settings(services, services.postgres().createDatabase("maintenance_e2e"));
        settings.put("DEVHOST_EVENT_SOURCE", "off");
        devhost = Devhost.start(settings);
    }

    @AfterAll
    void stop() {
        if (devhost != null) {
            devhost.close();
        }
    }

    @Test
    void theHealthSweepTimer_firedNow_recordsEveryComponent() throws Exception {
        fire("HealthSweep");

        JsonNode history = awaitItems("/api/v1/admin/health-checks?limit=20");
        assertThat(history.path("items")).extracting(item -> item.path("component").asText())
                .contains("postgres", "redis", "blob");
        assertThat(history.path("openAlerts").isArray()).isTrue();
    }

    @Test
    void aManualSweep_answersWithWhatItSaw_forOperatorsOnly() throws Exception {
        HttpResponse<String> swept = ApiContract.conforms(devhost.send(as(admin, "/api/v1/admin/health-sweeps")
                .POST(HttpRequest.BodyPublishers.noBody())));
        HttpResponse<String> asUser = ApiContract.conforms(devhost.send(as(Tokens.user("u-" + UUID.randomUUID()),
                "/api/v1/admin/health-sweeps").POST(HttpRequest.BodyPublishers.noBody())));

        assertThat(swept.statusCode()).as(swept.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(swept.body());
        assertThat(result.path("recorded").asBoolean()).isTrue();
        assertThat(result.path("components")).extracting(c -> c.path("component").asText() + "=" + c.path("status").asText())
                .contains("postgres=UP", "redis=UP", "blob=UP");
        assertThat(asUser.statusCode()).isEqualTo(403);
    }

    @Test
    void operatorRoutes_refuseUsersTenantAdminsAndTheFormerAdminRole_beforeDoingAnything() {
        HttpResponse<String> ownTenantsDeadLetters = ApiContract.conforms(devhost.send(as(
                Tokens.tenantAdmin("boss-" + UUID.randomUUID()), "/api/v1/admin/dead-letters").GET()));
        assertThat(ownTenantsDeadLetters.statusCode()).as("a tenant-admin lists its tenant's dead letters")
                .isEqualTo(200);
        for (String token : new String[] {Tokens.user("u-" + UUID.randomUUID()),
                Tokens.formerAdmin("root-" + UUID.randomUUID())}) {
            HttpResponse<String> sweep = ApiContract.conforms(devhost.send(as(token, "/api/v1/admin/health-sweeps")
                    .POST(HttpRequest.BodyPublishers.noBody())));
            HttpResponse<String> backups = ApiContract.conforms(devhost.send(as(token, "/api/v1/admin/backups").GET()));
            HttpResponse<String> deadLetters = ApiContract.conforms(devhost.send(as(token,
                    "/api/v1/admin/dead-letters").GET()));

            assertThat(List.of(sweep.statusCode(), backups.statusCode(), deadLetters.statusCode()))
                    .as(sweep.body()).containsOnly(403);
        }
        String tenantAdmin = Tokens.tenantAdmin("boss-" + UUID.randomUUID());
        HttpResponse<String> sweep = ApiContract.conforms(devhost.send(as(tenantAdmin, "/api/v1/admin/health-sweeps")
                .POST(HttpRequest.BodyPublishers.noBody())));
        HttpResponse<String> backups = ApiContract.conforms(devhost.send(as(tenantAdmin, "/api/v1/admin/backups").GET()));
        assertThat(List.of(sweep.statusCode(), backups.statusCode())).containsOnly(403);
        HttpResponse<String> anonymous = ApiContract.conforms(devhost.send(devhost.request("/api/v1/admin/backups")
                .GET()));
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void reconcileAndRetentionTimers_leaveReports() throws Exception {
        fire("Reconcile");
        fire("RetentionPurge");

        JsonNode runs = awaitItems("/api/v1/admin/maintenance-runs?limit=10");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && !kinds(runs).containsAll(List.of("reconciliation", "retention"))) {
            Devhost.sleep(300); // other jobs (the upload sweeper's schedule) report runs too
            runs = get("/api/v1/admin/maintenance-runs?limit=10");
        }
        assertThat(runs.path("items")).extracting(r -> r.path("kind").asText())
                .contains("reconciliation", "retention");
        assertThat(get("/api/v1/admin/maintenance-runs?kind=reconciliation").path("items"))
                .allSatisfy(r -> assertThat(r.path("kind").asText()).isEqualTo("reconciliation"));
        assertThat(get("/api/v1/admin/maintenance-runs?cursor=abc").path("status").asInt()).isEqualTo(400);
    }

    @Test
    void aBackupExportedByItsTimer_verifiesOnDemand_andIsListed() throws Exception {
        fire("BackupExport");
        JsonNode exports = awaitItems("/api/v1/admin/backups?kind=export");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && !exports.path("items").get(0).path("status").asText().equals("succeeded")) {
            Devhost.sleep(300);
            exports = get("/api/v1/admin/backups?kind=export");
        }
        assertThat(exports.path("items").get(0).path("status").asText()).as(exports.toString()).isEqualTo("succeeded");

        HttpResponse<String> verified = ApiContract.conforms(devhost.send(as(admin, "/api/v1/admin/backups/verify")
                .POST(HttpRequest.BodyPublishers.noBody())));

        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(verified.body());
        assertThat(result.path("passed").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.path("checks")).extracting(c -> c.path("name").asText())
                .contains("age", "manifest", "table:files");
        assertThat(get("/api/v1/admin/backups?kind=verify").path("items").get(0).path("status").asText())
                .isEqualTo("succeeded");
    }

    private static List<String> kinds(JsonNode runs) {
        List<String> kinds = new java.util.ArrayList<>();
        runs.path("items").forEach(r -> kinds.add(r.path("kind").asText()));
        return kinds;
    }

    private void fire(String function) {
        HttpResponse<String> fired = devhost.send(devhost.request("/admin/functions/" + function)
                .header("x-functions-key", Devhost.MASTER_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"input\":\"\"}")));
        assertThat(fired.statusCode()).as(fired.body()).isEqualTo(202);
    }

    private JsonNode awaitItems(String path) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode page = null;
        while (System.nanoTime() < deadline) {
            page = get(path);
            if (page.path("items").size() > 0) {
                return page;
            }
            Devhost.sleep(300);
        }
        throw new AssertionError(path + " stayed empty: " + page + "\n" + devhost.output());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = ApiContract.conforms(devhost.send(as(admin, path).GET()));
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder as(String token, String path) {
        return devhost.request(path).header("Authorization", "Bearer " + token);
    }
}
