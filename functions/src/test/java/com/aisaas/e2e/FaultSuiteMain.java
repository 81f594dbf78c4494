package com.aisaas.e2e;

import com.aisaas.devhost.services.LocalServices;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The full fault run behind {@code bench/faults.sh}: the packaged app under devhost on services of its own (spare
 * loopback ports), continuous upload load from several clients (create a session, PUT the blob through its SAS,
 * list), and one fault at a time: PostgreSQL restarted, PostgreSQL stopped for the outage time, Redis stopped, Redis
 * frozen (SIGSTOP), Azurite stopped, the host killed (SIGKILL) while it processes. After each fault it lets the
 * timer-driven sweeper run (UPLOAD_SWEEP_SCHEDULE is set short for the run) and checks every acknowledged upload of
 * that fault: final state, SHA-256, duplicates in the owner's list, and every API answer given during the outage
 * (a 503 with Retry-After, or a 2xx). Prints one row per fault and writes the table to {@code --out}.
 *
 * <p>Arguments: {@code --out FILE} {@code --clients N} (6) {@code --outage-seconds S} (30) {@code --storage-seconds S}
 * (20) {@code --sweep-seconds S} (15) {@code --faults a,b,..} (all: pg-restart, pg-outage, redis-down, redis-frozen,
 * storage-down, host-kill). Bounded: each fault's wait for final states ends after {@code --settle-seconds} (300).
 */
public final class FaultSuiteMain {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a host may take to answer after its start: minutes, not seconds, on a machine shared with builds. */
    private static final Duration STARTUP = Duration.ofMinutes(5);
    private static final List<String> ALL_FAULTS =
            List.of("pg-restart", "pg-outage", "redis-down", "redis-frozen", "storage-down", "host-kill");

    /** One answer to a client's request; {@code status} 0: no answer (connection refused or timed out). */
    record Answer(String phase, String kind, int status, boolean retryAfter, long startNanos, long endNanos) {
        long millis() {
            return TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos);
        }

        boolean api() {
            return !kind.equals("put");
        }
    }

    /** An upload the client was told succeeded: its session was created and its blob PUT answered 201. */
    record Acknowledged(String phase, int client, String fileId, String name, String sha256) {
    }

    /** One fault's figures. */
    record Row(String fault, int acknowledged, int ready, int failedOrRejected, int lost, int stuck, int wrongHash,
               int duplicates, int outageAnswers, int outage503WithRetryAfter, int outageOther, int noAnswer,
               long maxHoldMs, Double firstTwoXxSeconds, Double allFinalSeconds, String note) {
    }

    private final Map<String, String> settings;
    private final LocalServices services;
    private final int clients;
    private final Duration outage;
    private final Duration storageOutage;
    private final Duration settle;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile Devhost devhost;
    private volatile String phase = "warm-up";

    private FaultSuiteMain(LocalServices services, Map<String, String> settings, int clients, Duration outage,
                           Duration storageOutage, Duration settle) {
        this.services = services;
        this.settings = settings;
        this.clients = clients;
        this.outage = outage;
        this.storageOutage = storageOutage;
        this.settle = settle;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int clients = Integer.parseInt(options.getOrDefault("clients", "6"));
        Duration outage = Duration.ofSeconds(Long.parseLong(options.getOrDefault("outage-seconds", "30")));
        Duration storage = Duration.ofSeconds(Long.parseLong(options.getOrDefault("storage-seconds", "20")));
        int sweepSeconds = Integer.parseInt(options.getOrDefault("sweep-seconds", "15"));
        Duration settle = Duration.ofSeconds(Long.parseLong(options.getOrDefault("settle-seconds", "300")));
        List<String> faults = options.containsKey("faults")
                ? List.of(options.get("faults").split(",")) : ALL_FAULTS;
        for (String fault : faults) {
            if (!ALL_FAULTS.contains(fault)) {
                throw new IllegalArgumentException("unknown fault " + fault + "; known: " + ALL_FAULTS);
            }
        }
        Path out = Path.of(options.getOrDefault("out", "faults-table.md"));

        LocalServices services = LocalServices.start(LocalServices.Options.defaults().shutdownHook(true));
        FaultSuiteMain run = null;
        try {
            Map<String, String> settings = Devhost.settings(services, services.postgres().createDatabase("faults"));
            settings.put("RATE_LIMIT_PER_MINUTE", "1000000");
            settings.put("DEVHOST_TIMERS", "on"); // the sweeper runs on its schedule, as in Azure
            // the sweeper on its timer, more often than the default minute, so that a run of six faults stays short
            settings.put("UPLOAD_SWEEP_SCHEDULE", "*/" + sweepSeconds + " * * * * *");
            settings.put("UPLOAD_SWEEP_MIN_AGE_SECONDS", Integer.toString(Math.max(1, sweepSeconds / 2)));
            System.out.printf(Locale.ROOT, "services in %s; sweep every %d s (min age %s s); %d clients; outage %d s,"
                            + " storage outage %d s%n", services.dataDirectory(), sweepSeconds,
                    settings.get("UPLOAD_SWEEP_MIN_AGE_SECONDS"), clients, outage.toSeconds(), storage.toSeconds());
            run = new FaultSuiteMain(services, settings, clients, outage, storage, settle);
            run.devhost = Devhost.start(settings, STARTUP);
            List<Row> rows = new ArrayList<>();
            // a cold host (JIT, first connections, the app's start) would otherwise be measured as the first fault's
            // outage: a first round of load warms it (its row is printed, not tabled), then the same load without a
            // fault gives the baseline of the others
            System.out.println(format(List.of(run.runFault("warm-up")), false));
            Row baseline = run.runFault("baseline");
            rows.add(baseline);
            System.out.println(format(List.of(baseline), false));
            for (String fault : faults) {
                Row row = run.runFault(fault);
                rows.add(row);
                System.out.println(format(List.of(row), false));
            }
            String table = format(rows, true);
            System.out.println(table);
            Files.writeString(out, table, StandardCharsets.UTF_8);
        } finally {
            if (run != null && run.devhost != null) {
                run.devhost.close();
            }
            services.close();
        }
    }

    // ---- one fault ------------------------------------------------------------------------------------------------

    private Row runFault(String fault) throws Exception {
        phase = fault;
        System.out.printf(Locale.ROOT, "%s %s: load on%n", Instant.now(), fault);
        AtomicBoolean load = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < clients; k++) {
            int client = k;
            Thread thread = new Thread(() -> clientLoop(client, fault, load), "client-" + k);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        Thread.sleep(8_000);
        long faultStart = System.nanoTime();
        String note = inject(fault);
        long back = System.nanoTime();
        System.out.printf(Locale.ROOT, "%s %s: dependency back after %.1f s%n", Instant.now(), fault,
                (back - faultStart) / 1e9);
        Thread.sleep(8_000);
        load.set(false);
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        List<Answer> mine = answers.stream().filter(a -> a.phase().equals(fault)).toList();
        Double firstTwoXx = mine.stream().filter(a -> a.api() && a.startNanos() >= back && a.status() / 100 == 2)
                .mapToLong(Answer::endNanos).min().stream().mapToObj(end -> (end - back) / 1e9).findFirst().orElse(null);
        List<Acknowledged> uploads = acknowledged.stream().filter(a -> a.phase().equals(fault)).toList();
        Double allFinal = awaitFinal(uploads, back);
        return check(fault, uploads, mine, faultStart, back, firstTwoXx, allFinal, note);
    }

    /** Injects the fault and returns once the dependency (or a new host) is back. */
    private String inject(String fault) throws Exception {
        switch (fault) {
            case "warm-up", "baseline" -> {
                return fault.equals("baseline") ? "no fault: the same load on a warm host" : "no fault: a new host's first load";
            }
            case "pg-restart" -> {
                services.postgres().stop();
                services.postgres().start();
                return "PostgreSQL stopped and started at once";
            }
            case "pg-outage" -> {
                services.postgres().stop();
                Thread.sleep(outage.toMillis());
                services.postgres().start();
                return "PostgreSQL stopped for " + outage.toSeconds() + " s";
            }
            case "redis-down" -> {
                services.redis().stop();
                Thread.sleep(outage.toMillis());
                services.redis().start();
                return "Redis stopped for " + outage.toSeconds() + " s";
            }
            case "redis-frozen" -> {
                long pid = redisPid();
                signal("STOP", pid);
                try {
                    Thread.sleep(outage.toMillis());
                } finally {
                    signal("CONT", pid);
                }
                return "Redis SIGSTOPped for " + outage.toSeconds() + " s";
            }
            case "storage-down" -> {
                services.azurite().stop();
                Thread.sleep(storageOutage.toMillis());
                services.azurite().start();
                return "Azurite (blob and queue) stopped for " + storageOutage.toSeconds() + " s";
            }
            case "host-kill" -> {
                // wait for blobs being processed: the kill must find work in flight
                Thread.sleep(2_000);
                devhost.kill();
                long killed = System.nanoTime();
                devhost = Devhost.start(settings, STARTUP);
                return String.format(Locale.ROOT, "launcher and host JVM SIGKILLed; a new host listened %.1f s later",
                        (System.nanoTime() - killed) / 1e9);
            }
            default -> throw new IllegalArgumentException(fault);
        }
    }

    private long redisPid() throws IOException {
        Path pidFile = services.dataDirectory().resolve("redis").resolve("redis.pid");
        return Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).trim());
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
        }
    }

    // ---- load -----------------------------------------------------------------------------------------------------

    private void clientLoop(int client, String fault, AtomicBoolean load) {
        Random random = new Random(client * 7919L + fault.hashCode());
        String token = Tokens.user(owner(client));
        while (load.get()) {
            long n = sequence.incrementAndGet();
            String name = fault + "-c" + client + "-" + n + ".txt";
            byte[] content = (name + "\n" + "x".repeat(2_000 + random.nextInt(60_000))).getBytes(StandardCharsets.UTF_8);
            try {
                HttpResponse<String> session = call(fault, "session", api("/api/v1/files/uploads", token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                                "name", name, "size", content.length, "contentType", "text/plain")))));
                if (session != null && session.statusCode() == 201) {
                    JsonNode body = JSON.readTree(session.body());
                    HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(body.path("uploadUrl").asText()))
                            .timeout(Duration.ofSeconds(30)).PUT(HttpRequest.BodyPublishers.ofByteArray(content));
                    body.path("headers").fields().forEachRemaining(h -> put.header(h.getKey(), h.getValue().asText()));
                    HttpResponse<String> uploaded = call(fault, "put", put);
                    if (uploaded != null && uploaded.statusCode() == 201) {
                        acknowledged.add(new Acknowledged(fault, client, body.path("fileId").asText(), name,
                                sha256(content)));
                    }
                } else {
                    pause(session);
                }
                pause(call(fault, "list", api("/api/v1/files?limit=20", token).GET()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** A client that was told to retry later waits a moment (not the whole Retry-After: the load must go on). */
    private static void pause(HttpResponse<String> response) {
        if (response == null || response.statusCode() >= 500) {
            Devhost.sleep(200);
        }
    }

    private HttpRequest.Builder api(String path, String token) {
        return HttpRequest.newBuilder(URI.create(devhost.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> call(String fault, String kind, HttpRequest.Builder request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            answers.add(new Answer(fault, kind, response.statusCode(),
                    response.headers().firstValue("Retry-After").isPresent(), start, System.nanoTime()));
            return response;
        } catch (IOException e) {
            answers.add(new Answer(fault, kind, 0, false, start, System.nanoTime()));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String owner(int client) {
        return "fault-client-" + client;
    }

    // ---- checks ---------------------------------------------------------------------------------------------------

    /** Waits (bounded by --settle-seconds) until no acknowledged upload is pending or processing; seconds after back. */
    private Double awaitFinal(List<Acknowledged> uploads, long back) throws Exception {
        long deadline = System.nanoTime() + settle.toNanos();
        while (System.nanoTime() < deadline) {
            boolean allFinal = true;
            for (Acknowledged upload : uploads) {
                JsonNode file = file(upload);
                String status = file == null ? "" : file.path("status").asText();
                if (file == null || status.equals("pending") || status.equals("processing")) {
                    allFinal = false;
                    break;
                }
            }
            if (allFinal) {
                return (System.nanoTime() - back) / 1e9;
            }
            Thread.sleep(1_000);
        }
        return null;
    }

    private JsonNode file(Acknowledged upload) throws IOException {
        HttpResponse<String> response = send(api("/api/v1/files/" + upload.fileId(), Tokens.user(owner(upload.client())))
                .GET());
        if (response == null || response.statusCode() != 200) {
            return null;
        }
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Row check(String fault, List<Acknowledged> uploads, List<Answer> mine, long faultStart, long back,
                      Double firstTwoXx, Double allFinal, String note) throws Exception {
        int ready = 0;
        int failed = 0;
        int lost = 0;
        int stuck = 0;
        int wrongHash = 0;
        for (Acknowledged upload : uploads) {
            HttpResponse<String> response = send(api("/api/v1/files/" + upload.fileId(),
                    Tokens.user(owner(upload.client()))).GET());
            if (response != null && response.statusCode() == 404) {
                lost++;
                System.out.println("  lost: " + upload);
                continue;
            }
            JsonNode file = response == null || response.statusCode() != 200 ? null : JSON.readTree(response.body());
            String status = file == null ? "unknown" : file.path("status").asText();
            switch (status) {
                case "ready" -> {
                    if (upload.sha256().equals(file.path("sha256").asText())) {
                        ready++;
                    } else {
                        wrongHash++;
                        System.out.println("  wrong hash: " + upload + " " + file);
                    }
                }
                case "failed", "rejected" -> {
                    failed++;
                    System.out.println("  " + status + ": " + upload + " " + file);
                }
                default -> {
                    stuck++;
                    System.out.println("  stuck (" + status + "): " + upload);
                }
            }
        }
        int duplicates = 0;
        for (int client = 0; client < clients; client++) {
            duplicates += duplicatesIn(client, fault);
        }
        long windowEnd = back + (firstTwoXx == null ? 0 : (long) (firstTwoXx * 1e9));
        int outageAnswers = 0;
        int with503 = 0;
        int other = 0;
        int noAnswer = 0;
        long maxHold = 0;
        for (Answer answer : mine) {
            if (!answer.api()) {
                continue;
            }
            maxHold = Math.max(maxHold, answer.millis());
            boolean during = answer.endNanos() >= faultStart && answer.startNanos() <= windowEnd;
            if (!during) {
                continue;
            }
            outageAnswers++;
            if (answer.status() == 0) {
                noAnswer++;
            } else if (answer.status() == 503 && answer.retryAfter()) {
                with503++;
            } else if (answer.status() / 100 != 2) {
                other++;
                System.out.println("  outage answer " + answer.status() + " to " + answer.kind());
            }
        }
        return new Row(fault, uploads.size(), ready, failed, lost, stuck, wrongHash, duplicates, outageAnswers, with503,
                other, noAnswer, maxHold, firstTwoXx, allFinal, note);
    }

    /** Files of this fault listed more than once, or two files of one name, in the owner's whole list. */
    private int duplicatesIn(int client, String fault) throws IOException {
        Map<String, Integer> byName = new HashMap<>();
        Map<String, Integer> byId = new HashMap<>();
        String cursor = null;
        do {
            String path = "/api/v1/files?limit=100" + (cursor == null ? ""
                    : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            HttpResponse<String> response = send(api(path, Tokens.user(owner(client))).GET());
            if (response == null || response.statusCode() != 200) {
                throw new IllegalStateException("cannot list the files of " + owner(client) + ": "
                        + (response == null ? "no answer" : response.statusCode() + " " + response.body()));
            }
            JsonNode page = JSON.readTree(response.body());
            for (JsonNode item : page.path("items")) {
                if (item.path("name").asText().startsWith(fault + "-")) {
                    byName.merge(item.path("name").asText(), 1, Integer::sum);
                    byId.merge(item.path("id").asText(), 1, Integer::sum);
                }
            }
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null);
        int duplicates = 0;
        for (int count : byName.values()) {
            duplicates += count - 1;
        }
        for (int count : byId.values()) {
            duplicates += count - 1;
        }
        return duplicates;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String format(List<Row> rows, boolean withHeader) {
        StringBuilder table = new StringBuilder();
        if (withHeader) {
            table.append("| fault | acknowledged | ready | failed/rejected | lost | stuck | wrong hash | duplicates"
                    + " | API answers during outage | of which 503 + Retry-After | other non-2xx | no answer"
                    + " | max hold ms | first 2xx after back (s) | all final after back (s) | fault |\n");
            table.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        }
        Map<String, Row> ordered = new LinkedHashMap<>();
        rows.forEach(r -> ordered.put(r.fault(), r));
        for (Row r : ordered.values()) {
            table.append(String.format(Locale.ROOT,
                    "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %s | %s | %s |%n",
                    r.fault(), r.acknowledged(), r.ready(), r.failedOrRejected(), r.lost(), r.stuck(), r.wrongHash(),
                    r.duplicates(), r.outageAnswers(), r.outage503WithRetryAfter(), r.outageOther(), r.noAnswer(),
                    r.maxHoldMs(), r.firstTwoXxSeconds() == null ? "none" : String.format(Locale.ROOT, "%.2f",
                            r.firstTwoXxSeconds()),
                    r.allFinalSeconds() == null ? "not within the bound" : String.format(Locale.ROOT, "%.1f",
                            r.allFinalSeconds()), r.note()));
        }
        return table.toString();
    }
}
