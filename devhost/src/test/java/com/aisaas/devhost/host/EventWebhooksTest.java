package com.aisaas.devhost.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.devhost.host.testapp.probe.EventProbe;
import com.aisaas.devhost.host.testapp.probe.Probe;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The extension webhooks over real HTTP (docs/functions-host.md §2, §3), without storage: handshakes, keys, routing, Event Grid dispatch. */
class EventWebhooksTest {

    static final String EVENTGRID_KEY = "eventgrid-system-key";
    static final String BLOBS_KEY = "blobs-system-key";
    static final String MASTER_KEY = "master-key-789";
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    static FunctionsHost host;
    static TestHttp http;

    static Map<String, Object> eventGridTrigger() {
        Map<String, Object> trigger = new LinkedHashMap<>();
        trigger.put("type", "eventGridTrigger");
        trigger.put("direction", "in");
        trigger.put("name", "event");
        return trigger;
    }

    static Map<String, Object> blobTrigger(String path, String source, String connection) {
        Map<String, Object> trigger = new LinkedHashMap<>();
        trigger.put("type", "blobTrigger");
        trigger.put("direction", "in");
        trigger.put("name", "content");
        trigger.put("path", path);
        if (source != null) {
            trigger.put("source", source);
        }
        trigger.put("connection", connection);
        return trigger;
    }

    @BeforeAll
    static void startHost() {
        new TestApp()
                .trigger("Lifecycle", "EventFunctions.text", eventGridTrigger())
                .trigger("Typed", "EventFunctions.typed", eventGridTrigger())
                .trigger("Picky", "EventFunctions.picky", eventGridTrigger())
                .trigger("Slow", "EventFunctions.slow", eventGridTrigger())
                .trigger("Bound", "EventFunctions.bound", eventGridTrigger())
                .trigger("BytesEvent", "EventFunctions.bytes", eventGridTrigger())
                .trigger("Upload", "BlobFunctions.bytes", blobTrigger("uploads/{name}", "EventGrid", "NotConfiguredStorage"))
                .trigger("Polled", "BlobFunctions.bytes", blobTrigger("uploads/{name}", null, "NotConfiguredStorage"))
                .writeTo(dir);
        Map<String, String> env = Map.of("DEVHOST_EVENTGRID_EXTENSION_KEY", EVENTGRID_KEY, "DEVHOST_BLOBS_EXTENSION_KEY", BLOBS_KEY);
        host = new FunctionsHost(HostOptions.of(dir).withPort(0).withKeys("function-key", MASTER_KEY).withEnvironment(env)
                .withDrainTimeout(Duration.ofSeconds(2)), line -> { }).start();
        http = new TestHttp(host.baseUrl());
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @BeforeEach
    void resetProbe() {
        EventProbe.reset();
    }

    static HttpResponse<String> eventGrid(String function, String eventType, String body) {
        return send("/runtime/webhooks/eventgrid?functionName=" + function + "&code=" + EVENTGRID_KEY, "POST", eventType, body);
    }

    static HttpResponse<String> send(String pathAndQuery, String method, String eventType, String body) {
        HttpRequest.Builder request = http.request(pathAndQuery).header("Content-Type", "application/json");
        if (eventType != null) {
            request.header("aeg-event-type", eventType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build());
    }

    static JsonElement json(String text) {
        return JsonParser.parseString(text);
    }

    @Nested
    class Handshakes {

        @Test
        void subscriptionValidation_answersTheValidationCode_onBothWebhooks() {
            String event = EventFixtures.read("eventgrid/SubscriptionValidationEvent.json");
            JsonElement expected = json(EventFixtures.read("eventgrid/SubscriptionValidationResponse.json"));

            HttpResponse<String> grid = eventGrid("Lifecycle", "SubscriptionValidation", event);
            HttpResponse<String> blobs = send("/runtime/webhooks/blobs?functionName=Host.Functions.Upload&code=" + BLOBS_KEY, "POST",
                    "SubscriptionValidation", event);

            assertThat(grid.statusCode()).isEqualTo(200);
            assertThat(json(grid.body())).isEqualTo(expected);
            assertThat(grid.body()).isEqualTo("{\"validationResponse\":\"512d38b6-c7b8-40c8-89fe-f46f9e9622b6\"}");
            assertThat(blobs.statusCode()).isEqualTo(200);
            assertThat(json(blobs.body())).isEqualTo(expected);
            assertThat(EventProbe.calls("Lifecycle")).isEmpty();
        }

        @Test
        void subscriptionValidation_acceptsASingleObjectWithDoubleEncodedData() {
            JsonObject event = new JsonObject();
            event.addProperty("data", "{\"validationCode\":\"abc-123\"}");
            HttpResponse<String> response = eventGrid("Lifecycle", "SubscriptionValidation", event.toString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"validationResponse\":\"abc-123\"}");
        }

        @Test
        void cloudEventsOptions_allowsTheEventGridOrigin_andEchoesKnownClouds() {
            HttpRequest plain = http.request("/runtime/webhooks/eventgrid?functionName=Lifecycle&code=" + EVENTGRID_KEY)
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build();
            HttpRequest usGov = http.request("/runtime/webhooks/eventgrid?functionName=Lifecycle&code=" + EVENTGRID_KEY)
                    .header("WebHook-Request-Origin", "eventgrid.azure.us").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build();
            HttpRequest stranger = http.request("/runtime/webhooks/blobs?functionName=Host.Functions.Upload&code=" + BLOBS_KEY)
                    .header("WebHook-Request-Origin", "evil.example.com").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build();

            HttpResponse<String> first = http.send(plain);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("Webhook-Allowed-Origin")).hasValue("eventgrid.azure.net");
            assertThat(http.send(usGov).headers().firstValue("Webhook-Allowed-Origin")).hasValue("eventgrid.azure.us");
            HttpResponse<String> third = http.send(stranger);
            assertThat(third.statusCode()).isEqualTo(200);
            assertThat(third.headers().firstValue("Webhook-Allowed-Origin")).hasValue("eventgrid.azure.net");
        }

        @Test
        void eventTypeHeader_decides_caseInsensitively() {
            String body = EventFixtures.read("eventgrid/BlobDeleted.DeleteBlob.json");
            assertThat(eventGrid("Lifecycle", null, body).statusCode()).isEqualTo(400);
            assertThat(eventGrid("Lifecycle", "Something", body).statusCode()).isEqualTo(400);
            assertThat(eventGrid("Lifecycle", "Unsubscribe", body).statusCode()).isEqualTo(202);
            assertThat(EventProbe.calls("Lifecycle")).isEmpty();
            assertThat(eventGrid("Lifecycle", "notification", body).statusCode()).isEqualTo(202);
            assertThat(EventProbe.calls("Lifecycle")).hasSize(1);
        }

        @Test
        void everyWebhookMethod_isAccepted_andOthersAreNot() {
            String validation = EventFixtures.read("eventgrid/SubscriptionValidationEvent.json");
            String path = "/runtime/webhooks/eventgrid?functionName=Lifecycle&code=" + EVENTGRID_KEY;
            for (String method : List.of("GET", "PUT", "POST", "DELETE")) {
                assertThat(send(path, method, "SubscriptionValidation", validation).statusCode()).as(method).isEqualTo(200);
            }
            assertThat(send(path, "PATCH", "SubscriptionValidation", validation).statusCode()).isEqualTo(405);
        }
    }

    @Nested
    class KeysAndRouting {

        @Test
        void missingOrWrongKey_is401_theExtensionKeyOrMasterKeyPass() {
            String body = EventFixtures.read("eventgrid/BlobDeleted.DeleteBlob.json");
            assertThat(send("/runtime/webhooks/eventgrid?functionName=Lifecycle", "POST", "Notification", body).statusCode()).isEqualTo(401);
            assertThat(send("/runtime/webhooks/eventgrid?functionName=Lifecycle&code=nope", "POST", "Notification", body).statusCode())
                    .isEqualTo(401);
            assertThat(send("/runtime/webhooks/eventgrid?functionName=Lifecycle&code=" + BLOBS_KEY, "POST", "Notification", body)
                    .statusCode()).as("the blobs key does not open the eventgrid webhook").isEqualTo(401);
            assertThat(send("/runtime/webhooks/eventgrid?functionName=Lifecycle&code=function-key", "POST", "Notification", body)
                    .statusCode()).as("a function key is not a system key").isEqualTo(401);
            assertThat(EventProbe.calls("Lifecycle")).isEmpty();

            assertThat(send("/runtime/webhooks/eventgrid?functionName=Lifecycle&code=" + MASTER_KEY, "POST", "Notification", body)
                    .statusCode()).isEqualTo(202);
            HttpRequest header = http.request("/runtime/webhooks/eventgrid?functionName=Lifecycle&code=nope")
                    .header("x-functions-key", EVENTGRID_KEY).header("aeg-event-type", "Notification")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            assertThat(http.send(header).statusCode()).as("the header wins over code").isEqualTo(202);
            assertThat(EventProbe.calls("Lifecycle")).hasSize(2);
        }

        @Test
        void unknownFunction_is404_cannotFindFunction() {
            HttpResponse<String> unknown = eventGrid("Nope", "Notification", "[]");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).isEqualTo("cannot find function: 'Nope'");
            assertThat(send("/runtime/webhooks/eventgrid?code=" + EVENTGRID_KEY, "POST", "Notification", "[]").body())
                    .isEqualTo("cannot find function: ''");
            assertThat(eventGrid("Upload", "Notification", "[]").statusCode()).as("a blob function is not an Event Grid listener")
                    .isEqualTo(404);
            HttpResponse<String> bare = send("/runtime/webhooks/blobs?functionName=Upload&code=" + BLOBS_KEY, "POST", "Notification", "[]");
            assertThat(bare.statusCode()).as("blob functions go by their id, Host.Functions.<Name>").isEqualTo(404);
            assertThat(bare.body()).isEqualTo("cannot find function: 'Upload'");
            assertThat(send("/runtime/webhooks/queues?functionName=Lifecycle&code=" + MASTER_KEY, "POST", "Notification", "[]").statusCode())
                    .isEqualTo(404);
        }

        @Test
        void listing_namesEachWebhook_andWhyAFunctionIsNotServed() {
            assertThat(host.describeFunctions())
                    .contains("Lifecycle: eventGridTrigger [POST] " + host.baseUrl()
                            + "/runtime/webhooks/eventgrid?functionName=Lifecycle (eventgrid_extension key)")
                    .contains("Upload: blobTrigger uploads/{name} (EventGrid) [POST] " + host.baseUrl()
                            + "/runtime/webhooks/blobs?functionName=Host.Functions.Upload (blobs_extension key)")
                    .anySatisfy(line -> assertThat(line).startsWith("Polled: blobTrigger (in error: source 'LogsAndContainerScan' is not served"))
                    .anySatisfy(line -> assertThat(line).startsWith("BytesEvent: eventGridTrigger").contains("(in error: ")
                            .contains("cannot bind to byte[]"));
        }
    }

    @Nested
    class Dispatch {

        @Test
        void notificationArray_invokesOncePerEvent_withEachEventAsIndentedJsonText() throws Exception {
            JsonArray fixture = json(EventFixtures.read("eventgrid/BlobCreated.PutBlockList.json")).getAsJsonArray();
            JsonArray three = new JsonArray();
            for (int i = 0; i < 3; i++) {
                JsonObject event = fixture.get(0).getAsJsonObject().deepCopy();
                event.addProperty("id", "event-" + i);
                three.add(event);
            }

            HttpResponse<String> response = eventGrid("Lifecycle", "Notification", three.toString());

            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.body()).isEmpty();
            List<EventProbe.Call> calls = EventProbe.calls("Lifecycle");
            assertThat(calls).hasSize(3);
            assertThat(calls).extracting(call -> json((String) call.get("event")).getAsJsonObject().get("id").getAsString())
                    .containsExactlyInAnyOrder("event-0", "event-1", "event-2");
            String first = (String) calls.get(0).get("event");
            assertThat(first).startsWith("{\n  \"topic\": ").contains("\n  \"data\": {\n    \"api\": \"PutBlockList\",")
                    .contains("\"eTag\": \"\\\"0x8D4BCC2E4835CD0\\\"\"").contains("\"eventTime\": \"2017-06-26T18:41:00.9584103Z\"");
            assertThat(calls).extracting(call -> call.get("invocationId")).doesNotHaveDuplicates();
        }

        @Test
        void singleObject_isOneEvent_andTheFixturesOfBothSchemasRoute() {
            JsonElement deleted = json(EventFixtures.read("eventgrid/BlobDeleted.DeleteBlob.json")).getAsJsonArray().get(0);
            assertThat(eventGrid("Lifecycle", "Notification", deleted.toString()).statusCode()).isEqualTo(202);
            assertThat(eventGrid("Typed", "Notification", EventFixtures.read("eventgrid/BlobCreated.PutBlockList.json")).statusCode())
                    .isEqualTo(202);

            assertThat(EventProbe.calls("Lifecycle")).singleElement()
                    .satisfies(call -> assertThat(json((String) call.get("event"))).isEqualTo(deleted));
            assertThat(EventProbe.calls("Typed")).singleElement().satisfies(call -> {
                assertThat(call.get("type")).isEqualTo("Microsoft.Storage.BlobCreated");
                assertThat(call.get("cloudEvent")).isEqualTo(false);
                assertThat(call.get("url")).isEqualTo("https://my-storage-account.blob.core.windows.net/testcontainer/new-file.txt");
                assertThat(call.get("contentLength")).isEqualTo(524288L);
            });
        }

        @Test
        void cloudEvents_arrayAndSingleObject_bindToAPojo() {
            String created = EventFixtures.read("cloudevents/BlobCreated.PutBlockList.json");
            JsonElement deleted = json(EventFixtures.read("cloudevents/BlobDeleted.DeleteBlob.json")).getAsJsonArray().get(0);

            assertThat(eventGrid("Typed", "Notification", created).statusCode()).isEqualTo(202);
            assertThat(eventGrid("Typed", "Notification", deleted.toString()).statusCode()).isEqualTo(202);

            assertThat(EventProbe.calls("Typed")).hasSize(2).allSatisfy(call -> assertThat(call.get("cloudEvent")).isEqualTo(true))
                    .extracting(call -> call.get("type"))
                    .containsExactly("Microsoft.Storage.BlobCreated", "Microsoft.Storage.BlobDeleted");
            assertThat(EventProbe.calls("Typed").get(1).get("id")).isEqualTo("4c2359fe-001e-00ba-0e04-58586806d298");
        }

        @Test
        void aFailingInvocation_makesTheAnswer500_afterAllEventsRan() {
            JsonArray events = new JsonArray();
            for (String subject : List.of("fine-1", "please-fail", "fine-2")) {
                JsonObject event = new JsonObject();
                event.addProperty("id", subject);
                event.addProperty("subject", subject);
                events.add(event);
            }

            HttpResponse<String> response = eventGrid("Picky", "Notification", events.toString());

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).isEqualTo("Exception while executing function: Functions.Picky");
            assertThat(EventProbe.calls("Picky")).hasSize(3);
        }

        @Test
        void theEventsOfOneNotification_runInParallel() {
            Probe.reset();
            JsonArray events = new JsonArray();
            for (int i = 0; i < 4; i++) {
                JsonObject event = new JsonObject();
                event.addProperty("id", "slow-" + i);
                events.add(event);
            }
            assertThat(eventGrid("Slow", "Notification", events.toString()).statusCode()).isEqualTo(202);

            // overlap, not elapsed time, is the proof: a timed bound fails on a busy machine
            assertThat(EventProbe.calls("Slow")).hasSize(4);
            assertThat(Probe.MAX_RUNNING.get()).isGreaterThanOrEqualTo(2);
        }

        @Test
        void bindingData_areTheEventsTopLevelMembers() {
            assertThat(eventGrid("Bound", "Notification", EventFixtures.read("eventgrid/BlobCreated.PutBlockList.json")).statusCode())
                    .isEqualTo(202);
            assertThat(EventProbe.calls("Bound")).singleElement().satisfies(call -> {
                assertThat(call.get("subject")).isEqualTo("/blobServices/default/containers/test-container/blobs/new-file.txt");
                assertThat(call.get("api")).isEqualTo("PutBlockList");
            });
        }

        @Test
        void aFunctionInError_answers500() {
            HttpResponse<String> response = eventGrid("BytesEvent", "Notification", "[{\"id\":\"x\"}]");
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).isEqualTo("Exception while executing function: Functions.BytesEvent");
        }

        @Test
        void aBodyThatIsNotAJsonArrayOrObject_answers500_likeTheExtensionsParser() {
            assertThat(eventGrid("Lifecycle", "Notification", "not json at all {").statusCode()).isEqualTo(500);
            assertThat(eventGrid("Lifecycle", "Notification", "42").statusCode()).isEqualTo(500);
            assertThat(EventProbe.calls("Lifecycle")).isEmpty();
        }
    }

    @Nested
    class BlobWebhook {

        static final String PATH = "/runtime/webhooks/blobs?functionName=Host.Functions.Upload&code=" + BLOBS_KEY;

        @Test
        void anEventWithoutDataUrl_answers500() {
            HttpResponse<String> response = send(PATH, "POST", "Notification", "[{\"id\":\"e1\",\"data\":{\"api\":\"PutBlob\"}}]");
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).contains("data.url");
        }

        @Test
        void aBlobFunctionWhoseConnectionIsNotSet_answers500NamingTheSetting() {
            HttpResponse<String> response = send(PATH, "POST", "Notification", EventFixtures.read("eventgrid/BlobCreated.PutBlockList.json"));
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).isEqualTo("connection setting 'NotConfiguredStorage' is not set");
        }
    }
}
