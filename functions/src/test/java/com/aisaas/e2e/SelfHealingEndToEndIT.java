package com.aisaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.devhost.services.LocalServices;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * The short fault suite: uploads acknowledged while a dependency is down (PostgreSQL, storage, Redis), or while the
 * host dies, all reach a final
 * state with the right hash once the fault has cleared and the upload sweeper has run, with no duplicates; while
 * PostgreSQL is down the API answers 503 with Retry-After; events of uploads processed while Redis was down are
 * delivered once it is back. The services are the test's own (spare ports), stopped and started by it.
 *
 * <p>Nothing here depends on when the event path gets to an upload: a fault lasts a few seconds of wall time, and
 * then each test only waits (bounded) for states, running the sweeper as an operator would, so the outcome is the
 * same on a fast or a loaded machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelfHealingEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient PLAIN_HTTP = HttpClient.newHttpClient();
    private static final Duration SETTLE = Duration.ofSeconds(120);
    private static final int UPLOADS = 6;

    private LocalServices services;
    private Map<String, String> settings;
    private Devhost devhost;
    private final String owner = "healing-" + UUID.randomUUID();

    @BeforeAll
    void start() {
        services = LocalServices.start(LocalServices.Options.defaults().shutdownHook(true));
        settings = Devhost.settings(services, services.postgres().createDatabase("healing_e2e"));
        settings.put("RATE_LIMIT_PER_MINUTE", "100000");
        settings.put("DEVHOST_EVENT_POLL_MS", "200");
        settings.put("DEVHOST_TIMERS", "off");                 // the test runs the sweeper itself
        settings.put("UPLOAD_SWEEP_MIN_AGE_SECONDS", "0");
        settings.put("PROCESSING_CLAIM_LEASE_SECONDS", "3");   // a killed host's claims lapse quickly
        settings.put("DB_BACKGROUND_BUDGET_MS", "5000");
        devhost = Devhost.start(settings);
    }

    @AfterEach
    void servicesBack() {
        if (!services.azurite().isRunning()) {
            services.azurite().start();
        }
        if (!services.postgres().isRunning()) {
            services.postgres().start();
        }
        if (!services.redis().isRunning()) {
            services.redis().start();
        }
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
    void postgresDown_whileUploadsArrive_requestsAnswer503_andEveryUploadEndsReady() throws Exception {
        Map<String, byte[]> uploads = sessions("pg");

        services.postgres().stop();
        try {
            uploads.forEach((session, content) -> put(session, content));
            HttpResponse<String> during = devhost.send(auth(devhost.request("/api/v1/files")).GET());
            assertThat(during.statusCode()).as(during.body()).isEqualTo(503);
            assertThat(during.headers().firstValue("Retry-After")).isPresent();
            Devhost.sleep(3_000); // the outage lasts a while: the event path tries and fails
        } finally {
            services.postgres().start();
        }

        assertAllReady(uploads);
    }

    @Test
    void storageDown_rightAfterTheUploadsWereAcknowledged_everyUploadEndsReady() throws Exception {
        Map<String, byte[]> uploads = sessions("storage");
        uploads.forEach((session, content) -> put(session, content));

        services.azurite().stop(); // the blobs are stored; processing cannot read them, nor the host its queue
        try {
            Devhost.sleep(5_000);
        } finally {
            services.azurite().start();
        }

        assertAllReady(uploads);
    }

    @Test
    void theHostKilledWhileProcessing_losesNoUpload() throws Exception {
        Map<String, byte[]> uploads = sessions("kill");
        uploads.forEach((session, content) -> put(session, content));

        devhost.kill(); // whatever was claimed, queued or not yet seen is left as it was
        devhost = Devhost.start(settings);

        assertAllReady(uploads);
    }

    @Test
    void redisDown_uploadsStillFinish_andTheirEventsAreDeliveredOnceRedisIsBack() throws Exception {
        Set<String> announced = ConcurrentHashMap.newKeySet();
        List<String> ids = new ArrayList<>();
        services.redis().stop();
        Map<String, byte[]> uploads;
        try {
            uploads = sessions("redis");
            uploads.forEach((session, content) -> put(session, content));
            for (String session : uploads.keySet()) {
                ids.add(JSON.readTree(session).path("fileId").asText());
            }
            awaitFinal(uploads, false);
        } finally {
            services.redis().start();
        }
        try (Jedis subscriber = new Jedis(URI.create(settings.get("REDIS_URL")))) {
            JedisPubSub listener = new JedisPubSub() {
                @Override
                public void onMessage(String channel, String message) {
                    try {
                        String fileId = JSON.readTree(message).path("data").path("fileId").asText();
                        if (ids.contains(fileId) && announced.add(fileId) && announced.containsAll(ids)) {
                            unsubscribe();
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }

            };
            // the sweeper's outbox relay delivers what could not be delivered before, as its schedule would: a run
            // every few seconds until every event has arrived (an event whose relay met Redis's circuit still open
            // waits for its backoff and a later run)
            Thread sweeps = new Thread(() -> {
                long deadline = System.nanoTime() + SETTLE.toNanos();
                while (System.nanoTime() < deadline && !announced.containsAll(ids)) {
                    if (listener.isSubscribed()) {
                        fire("SweepUploads");
                    }
                    Devhost.sleep(3_000);
                }
                if (listener.isSubscribed()) {
                    listener.unsubscribe();
                }
            });
            sweeps.setDaemon(true);
            sweeps.start();
            subscriber.subscribe(listener, "aisaas:events");
        }
        assertThat(announced).containsExactlyInAnyOrderElementsOf(ids);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** {@value #UPLOADS} upload sessions, each with the content it will get (the session JSON is the key). */
    private Map<String, byte[]> sessions(String prefix) throws Exception {
        Map<String, byte[]> uploads = new LinkedHashMap<>();
        for (int i = 0; i < UPLOADS; i++) {
            byte[] content = (prefix + " upload " + i + " " + UUID.randomUUID() + "\n" + "x".repeat(20_000 * (i + 1)))
                    .getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> response = devhost.send(auth(devhost.request("/api/v1/files/uploads"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                            Map.of("name", prefix + i + ".txt", "size", content.length, "contentType", "text/plain")))));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            uploads.put(response.body(), content);
        }
        return uploads;
    }

    private static void put(String sessionJson, byte[] content) {
        try {
            JsonNode session = JSON.readTree(sessionJson);
            HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(session.path("uploadUrl").asText()))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
            session.path("headers").fields().forEachRemaining(h -> put.header(h.getKey(), h.getValue().asText()));
            HttpResponse<String> uploaded = PLAIN_HTTP.send(put.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every upload ready, with the hash of what was uploaded, and the owner holds exactly these files once each. */
    private void assertAllReady(Map<String, byte[]> uploads) throws Exception {
        Map<String, JsonNode> files = awaitFinal(uploads, true);
        for (Map.Entry<String, byte[]> upload : uploads.entrySet()) {
            JsonNode file = files.get(JSON.readTree(upload.getKey()).path("fileId").asText());
            assertThat(file.path("status").asText()).as(file.toString()).isEqualTo("ready");
            assertThat(file.path("sha256").asText()).isEqualTo(sha256(upload.getValue()));
        }
        HttpResponse<String> list = devhost.send(auth(devhost.request("/api/v1/files?limit=100")).GET());
        List<String> listed = new ArrayList<>();
        JSON.readTree(list.body()).path("items").forEach(item -> listed.add(item.path("id").asText()));
        assertThat(listed).doesNotHaveDuplicates().containsAll(files.keySet());
    }

    /**
     * Waits until no upload is pending or processing, running the sweeper every few seconds as an operator would
     * (when {@code sweep}); bounded by {@link #SETTLE}.
     */
    private Map<String, JsonNode> awaitFinal(Map<String, byte[]> uploads, boolean sweep) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        long nextSweep = 0;
        Map<String, JsonNode> files = new LinkedHashMap<>();
        while (true) {
            files.clear();
            boolean allFinal = true;
            for (String session : uploads.keySet()) {
                String id = JSON.readTree(session).path("fileId").asText();
                HttpResponse<String> response = devhost.send(auth(devhost.request("/api/v1/files/" + id)).GET());
                if (response.statusCode() != 200) {
                    allFinal = false;
                    continue;
                }
                JsonNode file = JSON.readTree(response.body());
                files.put(id, file);
                String status = file.path("status").asText();
                allFinal &= !status.equals("pending") && !status.equals("processing");
            }
            if (allFinal) {
                return files;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("uploads not final after " + SETTLE + ": " + files.values()
                        + "\ndevhost output:\n" + devhost.output());
            }
            if (sweep && System.nanoTime() > nextSweep) {
                fire("SweepUploads");
                nextSweep = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            }
            Devhost.sleep(300);
        }
    }

    private void fire(String function) {
        HttpResponse<String> fired = devhost.send(devhost.request("/admin/functions/" + function)
                .header("x-functions-key", Devhost.MASTER_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"input\":\"\"}")));
        assertThat(fired.statusCode()).as(fired.body()).isEqualTo(202);
    }

    private HttpRequest.Builder auth(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + Tokens.user(owner));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
