package com.aisaas.devhost.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.devhost.host.testapp.probe.EventProbe;
import com.aisaas.devhost.host.timer.TimerState;
import com.aisaas.devhost.services.LocalServices;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.LeaseStateType;
import com.azure.storage.blob.specialized.BlobLeaseClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Timer triggers against real Azurite (docs/functions-host.md §4): the schedule status blob, runOnStartup, the admin API, past-due
 * catch-up after a restart, and the singleton listener lock shared by two hosts on one storage account.
 */
class TimerTriggerIT {

    static final String MASTER = "master-key-it";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String YEARLY = "0 0 0 1 1 *";

    static String connection;
    static BlobContainerClient webjobsHosts;

    @TempDir
    Path dir;
    final List<FunctionsHost> hosts = new ArrayList<>();
    String hostId;

    @BeforeAll
    static void storage() {
        connection = LocalServices.shared().azurite().connectionString();
        webjobsHosts = new BlobServiceClientBuilder().connectionString(connection).httpClient(new JdkHttpClientBuilder().build())
                .buildClient().getBlobContainerClient("azure-webjobs-hosts");
        webjobsHosts.createIfNotExists();
    }

    @BeforeEach
    void fresh() {
        EventProbe.reset();
        hostId = "timer-it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void stopHosts() {
        for (FunctionsHost host : hosts) {
            host.close();
        }
    }

    /** One Tick function; the listener lock as short as a lease allows, and retried every second. */
    void writeApp(String schedule, Map<String, Object> extra) {
        new TestApp()
                .trigger("Tick", "TimerFunctions.tick", TestApp.timerTrigger("%TICK_SCHEDULE%", extra))
                .hostSection("singleton", Map.of("listenerLockPeriod", "00:00:15", "listenerLockRecoveryPollingInterval", "00:00:01"))
                .writeTo(dir);
        this.schedule = schedule;
    }

    String schedule;

    FunctionsHost startHost(Consumer<String> functionLog, Clock clock) {
        Map<String, String> env = Map.of("AzureWebJobsStorage", connection, "AzureFunctionsWebHost__hostid", hostId,
                "TICK_SCHEDULE", schedule, "DEVHOST_EVENT_SOURCE", "off");
        FunctionsHost host = new FunctionsHost(HostOptions.of(dir).withPort(0).withKeys(null, MASTER).withEnvironment(env)
                .withDrainTimeout(Duration.ofSeconds(5)), functionLog, clock).start();
        hosts.add(host);
        return host;
    }

    BlobClient statusBlob() {
        return webjobsHosts.getBlobClient("timers/" + hostId + "/Host.Functions.Tick/status");
    }

    BlobClient lockBlob() {
        return webjobsHosts.getBlobClient("locks/" + hostId + "/Host.Functions.Tick.Listener");
    }

    static JsonObject timerInfo(EventProbe.Call call) {
        return JsonParser.parseString((String) call.get("timerInfo")).getAsJsonObject();
    }

    /** The status blob once it exists and satisfies {@code until}. */
    JsonObject awaitStatus(java.util.function.Predicate<JsonObject> until) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonObject last = null;
        while (System.nanoTime() < deadline) {
            if (statusBlob().exists()) {
                last = JsonParser.parseString(statusBlob().downloadContent().toString()).getAsJsonObject();
                if (until.test(last)) {
                    return last;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("status blob not as expected within " + WAIT + ": " + last);
    }

    /**
     * The status blob and the ScheduleStatus an admin run passes on (read back from that blob) are written by one rule,
     * whatever the precision of the clock: nanoseconds, microseconds or milliseconds.
     */
    @ParameterizedTest(name = "fraction {0} -> {1}")
    @CsvSource({"77477012, .077477", "77477000, .077477", "77000000, .077", "0, ''"})
    void aMonitoredTimer_recordsItsStatusBlobAtStart_holdsTheLock_andTheAdminApiPassesThatStatus(int nanoOfSecond, String fraction)
            throws Exception {
        writeApp(YEARLY, Map.of());
        Clock clock = PrecisionClock.withFraction(nanoOfSecond);
        Instant before = clock.instant();
        FunctionsHost host = startHost(line -> { }, clock);

        JsonObject status = awaitStatus(json -> true);

        Instant after = clock.instant();
        String nextNewYear = (before.atZone(ZoneOffset.UTC).getYear() + 1) + "-01-01T00:00:00+00:00";
        assertThat(status.get("Last").getAsString()).isEqualTo("0001-01-01T00:00:00+00:00");
        assertThat(status.get("Next").getAsString()).isEqualTo(nextNewYear);
        String lastUpdated = status.get("LastUpdated").getAsString();
        assertThat(lastUpdated).as("whole 100 ns ticks, trailing zeros dropped").endsWith(fraction + "+00:00");
        assertThat(OffsetDateTime.parse(lastUpdated).toInstant()).isBetween(toTicks(before), toTicks(after));
        assertThat(lockBlob().getProperties().getLeaseState()).isEqualTo(LeaseStateType.LEASED);

        TestHttp http = new TestHttp(host.baseUrl());
        assertThat(http.send(http.request("/admin/functions/Tick").header("x-functions-key", MASTER)
                .POST(HttpRequest.BodyPublishers.ofString("{\"input\":\"\"}")).build()).statusCode()).isEqualTo(202);

        JsonObject info = timerInfo(EventProbe.await("Tick", 1, WAIT).get(0));
        assertThat(info.get("IsPastDue").getAsBoolean()).isFalse();
        assertThat(info.getAsJsonObject("ScheduleStatus")).as("the status as the blob holds it, character for character")
                .isEqualTo(status);
        assertThat(JsonParser.parseString(statusBlob().downloadContent().toString())).as("an admin run leaves the schedule as it is")
                .isEqualTo(status);
    }

    /** An instant cut to whole .NET ticks (100 ns), as the host stores it. */
    static Instant toTicks(Instant instant) {
        return instant.minusNanos(instant.getNano() % 100);
    }

    @Test
    void runOnStartup_firesOnceAtStart_andRecordsTheRun() throws Exception {
        writeApp(YEARLY, Map.of("runOnStartup", true));
        Instant before = Instant.now();
        startHost(line -> { }, Clock.systemUTC());

        List<EventProbe.Call> calls = EventProbe.await("Tick", 1, WAIT);

        assertThat(calls).hasSize(1);
        JsonObject info = timerInfo(calls.get(0));
        assertThat(info.get("IsPastDue").getAsBoolean()).isFalse();
        assertThat(info.getAsJsonObject("ScheduleStatus").get("Last").getAsString()).isEqualTo("0001-01-01T00:00:00+00:00");
        JsonObject status = awaitStatus(json -> !json.get("Last").getAsString().startsWith("0001"));
        assertThat(Instant.parse(status.get("Last").getAsString().replace("+00:00", "Z"))).isAfterOrEqualTo(before.minusSeconds(1));
        // Read on the listener's thread, after any work that was due at once: it now waits for the recorded Next.
        TimerState state = host().timerState("Tick", WAIT).orElseThrow();
        assertThat(state.listening()).isTrue();
        assertThat(state.nextFire()).isEqualTo(instant(status.get("Next")));
        assertThat(EventProbe.calls("Tick")).as("once, not at every start of the listener thread").hasSize(1);
    }

    @Test
    void anOccurrenceMissedWhileNoHostRan_firesOnceAfterTheRestart_withIsPastDue() throws Exception {
        writeApp("0 * * * * *", Map.of());
        FunctionsHost first = startHost(line -> { }, Clock.systemUTC());
        JsonObject recorded = awaitStatus(json -> true);
        first.close();
        assertThat(EventProbe.calls("Tick")).as("the first host stopped before its first occurrence").isEmpty();

        // The restart happens three minutes later: the recorded Next (at most a minute ahead) has passed.
        startHost(line -> { }, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(3)));

        List<EventProbe.Call> calls = EventProbe.await("Tick", 1, WAIT);
        JsonObject info = timerInfo(calls.get(0));
        assertThat(info.get("IsPastDue").getAsBoolean()).isTrue();
        assertThat(info.getAsJsonObject("ScheduleStatus").get("Next")).as("the status it missed").isEqualTo(recorded.get("Next"));
        JsonObject after = awaitStatus(json -> !json.get("Last").getAsString().startsWith("0001"));
        Instant caughtUpAt = instant(after.get("Last"));
        assertThat(caughtUpAt).isAfter(instant(recorded.get("Next")).plusSeconds(60));
        // Read on the listener's thread, after any work that was due at once: it follows the schedule again.
        TimerState state = host().timerState("Tick", WAIT).orElseThrow();
        assertThat(state.listening()).isTrue();
        assertThat(state.nextFire()).isAfter(caughtUpAt);
        assertThat(EventProbe.calls("Tick").stream().filter(call -> timerInfo(call).get("IsPastDue").getAsBoolean()))
                .as("however many occurrences were missed, one catch-up").hasSize(1);
    }

    @Test
    void twoHostsOnOneStorage_fireEachOccurrenceOnce_andTheOtherTakesOverWhenTheHolderStops() throws Exception {
        writeApp("*/1 * * * * *", Map.of());
        List<String> firstLog = new CopyOnWriteArrayList<>();
        List<String> secondLog = new CopyOnWriteArrayList<>();
        FunctionsHost first = startHost(firstLog::add, Clock.systemUTC());
        assertThat(EventProbe.await("Tick", 2, WAIT)).hasSizeGreaterThanOrEqualTo(2);

        startHost(secondLog::add, Clock.systemUTC());
        assertThat(EventProbe.await("Tick", EventProbe.calls("Tick").size() + 4, WAIT)).hasSizeGreaterThanOrEqualTo(6);

        assertThat(secondLog).as("the second host waits for the listener lock").noneMatch(line -> line.contains("fired Tick"));
        int firedByFirst = (int) firstLog.stream().filter(line -> line.contains("fired Tick")).count();
        first.close();
        long secondsBefore = EventProbe.calls("Tick").size();
        assertThat(secondsBefore).isEqualTo(firedByFirst);

        List<EventProbe.Call> all = EventProbe.await("Tick", (int) secondsBefore + 2, WAIT);
        assertThat(secondLog.stream().filter(line -> line.contains("fired Tick"))).as("the second host took over")
                .hasSizeGreaterThanOrEqualTo(2);
        Set<Object> occurrences = new HashSet<>();
        for (EventProbe.Call call : all) {
            // TimerTrigger is the invocation time to the second; a host never fires before an occurrence, so two
            // invocations in one second would be one occurrence fired twice.
            assertThat(occurrences.add(call.get("triggerTime"))).as("one invocation per occurrence: " + call.get("triggerTime")).isTrue();
        }
    }

    @Test
    void anotherHoldersLease_keepsTheScheduleFromRunning_untilTheLockIsFree() throws Exception {
        writeApp("*/1 * * * * *", Map.of());
        webjobsHosts.getBlobClient(lockBlob().getBlobName()).upload(BinaryData.fromBytes(new byte[0]), true);
        // Another holder that never renews and never lets go on its own: an infinite lease.
        BlobLeaseClient other = new BlobLeaseClientBuilder().blobClient(lockBlob()).buildClient();
        other.acquireLease(-1);

        FunctionsHost host = startHost(line -> { }, Clock.systemUTC());

        TimerState waiting = awaitTimerState(host, state -> state.refusedLocks() >= 3);
        assertThat(waiting.listening()).isFalse();
        assertThat(EventProbe.calls("Tick")).as("three tries found the lease held: no occurrence fired").isEmpty();
        assertThat(lockBlob().getProperties().getLeaseState()).as("the lease was not broken").isEqualTo(LeaseStateType.LEASED);

        other.releaseLease();

        assertThat(EventProbe.await("Tick", 1, WAIT)).as("the host takes the free lock and runs the schedule").isNotEmpty();
        assertThat(awaitTimerState(host, TimerState::listening).listening()).isTrue();
    }

    FunctionsHost host() {
        return hosts.get(hosts.size() - 1);
    }

    static Instant instant(com.google.gson.JsonElement dotNetDate) {
        return OffsetDateTime.parse(dotNetDate.getAsString()).toInstant();
    }

    /** The timer's state once {@code until} holds, checked at each of the listener's state reads. */
    static TimerState awaitTimerState(FunctionsHost host, java.util.function.Predicate<TimerState> until) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        TimerState state = host.timerState("Tick", WAIT).orElseThrow();
        while (!until.test(state)) {
            assertThat(System.nanoTime()).as("timer state not reached in time: " + state).isLessThan(deadline);
            Thread.sleep(50);
            state = host.timerState("Tick", WAIT).orElseThrow();
        }
        return state;
    }
}
