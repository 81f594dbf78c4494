package com.aisaas.devhost.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.devhost.host.testapp.probe.EventProbe;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timer triggers without host storage (no lock, no status: what devhost does when AzureWebJobsStorage is not set), and
 * the admin API's "run now". The storage-backed behaviour is in {@link TimerTriggerIT}.
 */
class TimerTriggerTest {

    static final String MASTER = "master-key-test";
    static final String FUNCTION_KEY = "function-key-test";
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    FunctionsHost host;

    @BeforeEach
    void resetProbe() {
        EventProbe.reset();
    }

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
    }

    FunctionsHost start(String tickSchedule, Map<String, String> extraSettings) {
        new TestApp()
                .trigger("Tick", "TimerFunctions.tick", TestApp.timerTrigger("%TICK_SCHEDULE%", Map.of()))
                .trigger("Typed", "TimerFunctions.typed", TestApp.timerTrigger("0 0 0 1 1 *", Map.of()))
                .trigger("Unset", "TimerFunctions.tick", TestApp.timerTrigger("%NOT_SET_ANYWHERE%", Map.of()))
                .writeTo(dir);
        Map<String, String> env = new HashMap<>(extraSettings);
        env.put("TICK_SCHEDULE", tickSchedule);
        host = new FunctionsHost(HostOptions.of(dir).withPort(0).withKeys(FUNCTION_KEY, MASTER).withEnvironment(env)
                .withDrainTimeout(Duration.ofSeconds(5)), line -> { }).start();
        return host;
    }

    HttpResponse<String> invoke(String name, String key, String body) {
        TestHttp http = new TestHttp(host.baseUrl());
        HttpRequest.Builder request = http.request("/admin/functions/" + name).header("Content-Type", "application/json");
        if (key != null) {
            request.header("x-functions-key", key);
        }
        return http.send(request.POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void aTimer_firesOnItsSchedule_withTheTimerInfoJson_evenWithoutHostStorage() throws Exception {
        start("*/1 * * * * *", Map.of());

        List<EventProbe.Call> calls = EventProbe.await("Tick", 2, WAIT);

        assertThat(calls).hasSizeGreaterThanOrEqualTo(2);
        JsonObject info = JsonParser.parseString((String) calls.get(0).get("timerInfo")).getAsJsonObject();
        assertThat(info.keySet()).containsExactly("Schedule", "ScheduleStatus", "IsPastDue");
        assertThat(info.getAsJsonObject("Schedule").get("AdjustForDST").getAsBoolean()).isTrue();
        assertThat(info.get("ScheduleStatus").isJsonNull()).as("more than once a minute: no schedule monitor").isTrue();
        assertThat(info.get("IsPastDue").getAsBoolean()).isFalse();
        assertThat((String) calls.get(0).get("triggerTime")).as("TimerTrigger binding data, DateTime.Now.ToString()")
                .matches("\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2}:\\d{2} [AP]M");
        assertThat(calls.get(1).get("triggerTime")).as("one invocation per occurrence (second), never before it")
                .isNotEqualTo(calls.get(0).get("triggerTime"));
    }

    @Test
    void aFunctionThatThrows_isLogged_andTheScheduleGoesOn() throws Exception {
        EventProbe.failNext("Tick", 1);
        start("*/1 * * * * *", Map.of());

        List<EventProbe.Call> calls = EventProbe.await("Tick", 3, WAIT);

        assertThat(calls).as("the first call threw; later occurrences still fire").hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void devhostTimersOff_schedulesNothing_butTheAdminApiStillRunsTheTimer() throws Exception {
        start("*/1 * * * * *", Map.of("DEVHOST_TIMERS", "off"));

        HttpResponse<String> response = invoke("tick", MASTER, "{\"input\": \"\"}");

        assertThat(response.statusCode()).as("names are matched case-insensitively").isEqualTo(202);
        assertThat(response.body()).isEmpty();
        List<EventProbe.Call> calls = EventProbe.await("Tick", 1, WAIT);
        assertThat(calls).hasSize(1);
        JsonObject info = JsonParser.parseString((String) calls.get(0).get("timerInfo")).getAsJsonObject();
        assertThat(info.get("IsPastDue").getAsBoolean()).isFalse();
        assertThat(host.timerState("Tick", WAIT)).as("nothing scheduled with DEVHOST_TIMERS=off")
                .hasValueSatisfying(state -> assertThat(state.started()).isFalse());
        assertThat(EventProbe.calls("Tick")).hasSize(1);
    }

    @Test
    void theAdminApi_bindsTheTimerInfoToAPojoToo() throws Exception {
        start("0 0 0 1 1 *", Map.of("DEVHOST_TIMERS", "off"));

        assertThat(invoke("Typed", MASTER, "{\"input\":\"\"}").statusCode()).isEqualTo(202);

        EventProbe.Call call = EventProbe.await("Typed", 1, WAIT).get(0);
        assertThat(call.get("adjustForDst")).isEqualTo(true);
        assertThat(call.get("isPastDue")).isEqualTo(false);
        assertThat(call.get("hasStatus")).as("no host storage, so no stored status").isEqualTo(false);
    }

    @Test
    void theAdminApi_needsTheMasterKey() {
        start("0 0 0 1 1 *", Map.of("DEVHOST_TIMERS", "off"));

        assertThat(invoke("Tick", null, "{\"input\":\"\"}").statusCode()).isEqualTo(401);
        assertThat(invoke("Tick", FUNCTION_KEY, "{\"input\":\"\"}").statusCode()).isEqualTo(401);
        TestHttp http = new TestHttp(host.baseUrl());
        assertThat(http.send(http.request("/admin/functions/Tick?code=" + MASTER)
                .POST(HttpRequest.BodyPublishers.ofString("{\"input\":\"\"}")).build()).statusCode()).isEqualTo(202);
        assertThat(EventProbe.calls("Tick")).as("nothing runs before the key is right").hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void theAdminApi_answersProblemsForBadBodiesUnknownNamesAndFunctionsItCannotRun() {
        start("0 0 0 1 1 *", Map.of("DEVHOST_TIMERS", "off"));

        HttpResponse<String> noBody = invoke("Tick", MASTER, null);
        HttpResponse<String> notAnObject = invoke("Tick", MASTER, "[\"\"]");
        HttpResponse<String> notJson = invoke("Tick", MASTER, "input=");
        HttpResponse<String> unknown = invoke("Nope", MASTER, "{\"input\":\"\"}");
        HttpResponse<String> http = invoke("ItemByGuid", MASTER, "{\"input\":\"\"}");

        for (HttpResponse<String> response : List.of(noBody, notAnObject, notJson)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
            assertThat(response.body()).contains("{\\\"input\\\": \\\"\\\"}");
        }
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JsonParser.parseString(unknown.body()).getAsJsonObject().get("detail").getAsString()).contains("'Nope'");
        assertThat(http.statusCode()).isEqualTo(400);
        assertThat(http.body()).contains("httpTrigger").contains("by their route");
        TestHttp client = new TestHttp(host.baseUrl());
        HttpResponse<String> get = client.send(client.request("/admin/functions/Tick").header("x-functions-key", MASTER).GET().build());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("allow")).hasValue("POST");
        assertThat(EventProbe.calls("Tick")).isEmpty();
    }

    @Test
    void aScheduleNamingAMissingSetting_putsOnlyThatFunctionInError() {
        start("0 0 0 1 1 *", Map.of("DEVHOST_TIMERS", "off"));

        assertThat(host.describeFunctions()).anySatisfy(line -> assertThat(line)
                .startsWith("Unset: timerTrigger (in error: function 'Unset'")
                .contains("app setting 'NOT_SET_ANYWHERE'"));
        assertThat(host.describeFunctions()).anySatisfy(line -> assertThat(line)
                .startsWith("Tick: timerTrigger Cron: '0 0 0 1 1 *' (Z)")
                .contains("POST " + host.baseUrl() + "/admin/functions/Tick"));
        HttpResponse<String> inError = invoke("Unset", MASTER, "{\"input\":\"\"}");
        assertThat(inError.statusCode()).isEqualTo(400);
        assertThat(inError.body()).contains("'Unset' is in error");
    }
}
