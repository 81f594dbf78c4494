package com.aisaas.devhost.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host over real HTTP, against the test app with the default route prefix "api" and both keys set. */
class FunctionsHostHttpTest {

    static final String FUNCTION_KEY = "function-key-123";
    static final String MASTER_KEY = "master-key-456";

    @TempDir
    static Path dir;
    static FunctionsHost host;
    static TestHttp http;
    static final List<String> functionLog = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startHost() {
        TestApp app = new TestApp()
                .function("ItemByNumber", "RouteFunctions.byNumber", "items/{n:int}", List.of("GET"), "ANONYMOUS")
                .function("ItemLatest", "RouteFunctions.latest", "items/latest", List.of("GET"), "ANONYMOUS")
                .function("ItemByName", "RouteFunctions.byName", "items/{name}", List.of("GET"), "ANONYMOUS")
                .function("EchoOptional", "RouteFunctions.echo", "opt/{v?}")
                .function("EchoDefault", "RouteFunctions.echo", "def/{v=five}")
                .function("EchoCatchAll", "RouteFunctions.echo", "files/{*v}")
                .function("EchoAlpha", "RouteFunctions.echo", "alpha/{v:alpha}")
                .function("EchoMinLength", "RouteFunctions.echo", "min/{v:minlength(3)}")
                .function("EchoRange", "RouteFunctions.echo", "range/{v:range(1,10)}")
                .function("EchoRegex", "RouteFunctions.echo", "re/{v:regex(^ab+$)}")
                .function("EchoComplex", "RouteFunctions.echo", "doc/{name}.{v}")
                .function("EchoCase", "RouteFunctions.echo", "CaseTest/{v}")
                .function("Flags", "RouteFunctions.flags", "flags/{b:bool}/{n:long}")
                .function("ThingsGet", "RouteFunctions.thingsGet", "things", List.of("GET"), "ANONYMOUS")
                .function("ThingsPost", "RouteFunctions.thingsPost", "things", List.of("POST"), "ANONYMOUS")
                .function("Hello", "RouteFunctions.hello", null, List.of("GET"), "anonymous")
                .function("Headers", "RequestFunctions.headers")
                .function("Query", "RequestFunctions.query")
                .function("Shape", "RequestFunctions.shape")
                .function("BodyText", "RequestFunctions.text")
                .function("BodyBytes", "RequestFunctions.bytes")
                .function("BodyItem", "RequestFunctions.item")
                .function("BodyRequiredString", "RequestFunctions.requiredString")
                .function("BodyRequiredItem", "RequestFunctions.requiredItem")
                .function("BodyOnly", "RequestFunctions.bodyOnly")
                .function("BodyUtf8", "RequestFunctions.utf8")
                .function("ReturnsString", "ResponseFunctions.string")
                .function("ReturnsBytes", "ResponseFunctions.bytes")
                .function("ReturnsPojo", "ResponseFunctions.pojo")
                .function("ReturnsNull", "ResponseFunctions.nothing")
                .function("ReturnsVoid", "ResponseFunctions.returnsVoid")
                .function("BuilderDefaults", "ResponseFunctions.builderDefaults")
                .function("BuilderFull", "ResponseFunctions.builderFull")
                .function("BuilderPojo", "ResponseFunctions.builderPojo")
                .function("BuilderBytes", "ResponseFunctions.builderBytes")
                .function("NoContent", "ResponseFunctions.noContent")
                .function("Throws", "ResponseFunctions.fails")
                .function("Instance", "RuntimeFunctions.instance")
                .function("Context", "RuntimeFunctions.context")
                .function("Loader", "RuntimeFunctions.loader")
                .function("FunctionLevel", "SecuredFunctions.functionLevel", null, List.of(), "FUNCTION")
                .function("DefaultLevel", "SecuredFunctions.functionLevel", null, List.of(), null)
                .function("AdminLevel", "SecuredFunctions.adminLevel", null, List.of(), "Admin")
                .function("Overloaded", "BrokenFunctions.overloaded")
                .function("Unbindable", "BrokenFunctions.unbindable")
                .function("Ghost", "Ghost.run")
                .function("BadRoute", "RouteFunctions.hello", "bad/{v:nosuch}");
        app.writeTo(dir);
        host = new FunctionsHost(HostOptions.of(dir).withPort(0).withKeys(FUNCTION_KEY, MASTER_KEY), functionLog::add).start();
        http = new TestHttp(host.baseUrl());
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    static Map<String, String> jsonMap(String json) {
        return new Gson().fromJson(json, new TypeToken<Map<String, String>>() { }.getType());
    }

    @Nested
    class Routing {

        @Test
        void routes_arePrefixedWithApi_byDefault() {
            assertThat(http.get("/api/items/latest").body()).isEqualTo("literal");
            assertThat(http.get("/items/latest").statusCode()).isEqualTo(404);
        }

        @Test
        void emptyRoute_isTheFunctionName_matchedCaseInsensitively() {
            assertThat(http.get("/api/Hello").body()).isEqualTo("hello");
            assertThat(http.get("/API/hello").body()).isEqualTo("hello");
            assertThat(http.get("/api/casetest/x").body()).isEqualTo("EchoCase:x");
        }

        @Test
        void literalRoute_winsOverParameter_andConstrainedParameterOverPlainOne() {
            assertThat(http.get("/api/items/latest").body()).isEqualTo("literal");
            assertThat(http.get("/api/items/41").body()).isEqualTo("int:42");
            assertThat(http.get("/api/items/pencil").body()).isEqualTo("param:pencil");
            UUID id = UUID.randomUUID();
            assertThat(http.get("/api/items/" + id).body()).isEqualTo("guid:" + id);
        }

        @Test
        void routeValues_arePercentDecoded() {
            assertThat(http.get("/api/items/blue%20pen").body()).isEqualTo("param:blue pen");
            assertThat(http.get("/api/items/a%2Fb").body()).isEqualTo("param:a/b");
            assertThat(http.get("/api/items/100%25").body()).isEqualTo("param:100%");
        }

        @Test
        void optionalParameter_withoutValue_isLeftOut() {
            assertThat(http.get("/api/opt/x").body()).isEqualTo("EchoOptional:x");
            assertThat(http.get("/api/opt").body()).isEqualTo("EchoOptional:absent");
        }

        @Test
        void defaultValue_appliesWhenSegmentMissing() {
            assertThat(http.get("/api/def").body()).isEqualTo("EchoDefault:five");
            assertThat(http.get("/api/def/six").body()).isEqualTo("EchoDefault:six");
        }

        @Test
        void catchAll_takesTheRestOfThePath() {
            assertThat(http.get("/api/files/a/b/c.txt").body()).isEqualTo("EchoCatchAll:a/b/c.txt");
            assertThat(http.get("/api/files").body()).isEqualTo("EchoCatchAll:absent");
        }

        @Test
        void constraints_rejectValuesThatDoNotFit() {
            assertThat(http.get("/api/alpha/abc").body()).isEqualTo("EchoAlpha:abc");
            assertThat(http.get("/api/alpha/ab1").statusCode()).isEqualTo(404);
            assertThat(http.get("/api/min/abc").statusCode()).isEqualTo(200);
            assertThat(http.get("/api/min/ab").statusCode()).isEqualTo(404);
            assertThat(http.get("/api/range/10").body()).isEqualTo("EchoRange:10");
            assertThat(http.get("/api/range/11").statusCode()).isEqualTo(404);
            assertThat(http.get("/api/re/ABBB").body()).isEqualTo("EchoRegex:ABBB");
            assertThat(http.get("/api/re/abc").statusCode()).isEqualTo(404);
            assertThat(http.get("/api/flags/TRUE/9000000000").body()).isEqualTo("true/9000000001");
            assertThat(http.get("/api/flags/yes/1").statusCode()).isEqualTo(404);
            HttpResponse<String> miss = http.get("/api/flags/true/abc");
            assertThat(miss.statusCode()).as("a constraint miss is no route: ASP.NET's bare 404").isEqualTo(404);
            assertThat(miss.body()).isEmpty();
            assertThat(miss.headers().firstValue("Content-Type")).isEmpty();
        }

        @Test
        void complexSegment_splitsOnTheLastLiteral() {
            assertThat(http.get("/api/doc/archive.tar.gz").body()).isEqualTo("EchoComplex:gz");
        }

        @Test
        void unknownPath_is404WithEmptyBody() {
            HttpResponse<String> response = http.get("/api/nothing/here");
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).isEmpty();
        }

        @Test
        void methods_selectBetweenFunctionsOnOnePath() {
            assertThat(http.get("/api/things").body()).isEqualTo("get");
            assertThat(http.post("/api/things", "text/plain", new byte[0]).body()).isEqualTo("post");
        }

        @Test
        void methodNotListed_is405WithAllow() {
            HttpResponse<String> response = http.send(http.request("/api/things").DELETE().build());
            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("GET, POST");
            HttpResponse<String> hello = http.send(http.request("/api/hello").PUT(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(hello.statusCode()).isEqualTo(405);
            assertThat(hello.headers().firstValue("Allow")).hasValue("GET");
        }

        @Test
        void noMethodsListed_acceptsAnyMethod() {
            assertThat(http.send(http.request("/api/opt/z").method("PATCH", HttpRequest.BodyPublishers.noBody()).build()).body())
                    .isEqualTo("EchoOptional:z");
        }

        @Test
        void uriLongerThan4096_is414() {
            assertThat(http.get("/api/opt/" + "a".repeat(4100)).statusCode()).isEqualTo(414);
        }

        @Test
        void oversizedHeaders_are431() {
            HttpResponse<String> response = http.send(http.request("/api/hello").header("X-Big", "b".repeat(40_000)).GET().build());
            assertThat(response.statusCode()).isEqualTo(431);
        }
    }

    @Nested
    class Keys {

        @Test
        void functionLevel_withoutKey_is401WithEmptyBody() {
            HttpResponse<String> response = http.get("/api/FunctionLevel");
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).isEmpty();
        }

        @Test
        void functionLevel_acceptsFunctionOrMasterKey_inHeaderOrQuery() {
            assertThat(http.send(http.request("/api/FunctionLevel").header("x-functions-key", FUNCTION_KEY).build()).body())
                    .isEqualTo("function-ok");
            assertThat(http.get("/api/FunctionLevel?code=" + FUNCTION_KEY).body()).isEqualTo("function-ok");
            assertThat(http.get("/api/FunctionLevel?code=" + MASTER_KEY).body()).isEqualTo("function-ok");
            assertThat(http.get("/api/FunctionLevel?code=wrong").statusCode()).isEqualTo(401);
        }

        @Test
        void headerKey_takesPrecedenceOverQueryKey() {
            assertThat(http.send(http.request("/api/FunctionLevel?code=" + FUNCTION_KEY).header("x-functions-key", "wrong").build())
                    .statusCode()).isEqualTo(401);
            assertThat(http.send(http.request("/api/FunctionLevel?code=wrong").header("X-Functions-Key", FUNCTION_KEY).build())
                    .statusCode()).isEqualTo(200);
        }

        @Test
        void missingAuthLevel_meansFunction() {
            assertThat(http.get("/api/DefaultLevel").statusCode()).isEqualTo(401);
            assertThat(http.get("/api/DefaultLevel?code=" + FUNCTION_KEY).statusCode()).isEqualTo(200);
        }

        @Test
        void adminLevel_acceptsOnlyTheMasterKey() {
            assertThat(http.get("/api/AdminLevel?code=" + FUNCTION_KEY).statusCode()).isEqualTo(401);
            assertThat(http.get("/api/AdminLevel").statusCode()).isEqualTo(401);
            assertThat(http.send(http.request("/api/AdminLevel").header("x-functions-key", MASTER_KEY).build()).body())
                    .isEqualTo("admin-ok");
        }
    }

    @Nested
    class RequestShape {

        @Test
        void headerNames_areLowerCased_andRepeatedValuesJoined() {
            HttpResponse<String> response = http.send(http.request("/api/Headers")
                    .header("X-Custom-Header", "Value")
                    .header("X-Multi", "a")
                    .header("X-Multi", "b")
                    .build());
            Map<String, String> headers = jsonMap(response.body());
            assertThat(headers).containsEntry("x-custom-header", "Value").containsEntry("x-multi", "a,b")
                    .doesNotContainKey("X-Custom-Header");
            assertThat(headers.keySet()).allMatch(name -> name.equals(name.toLowerCase(java.util.Locale.ROOT)));
        }

        @Test
        void query_omitsEmptyValues_andJoinsRepeatedOnes() {
            Map<String, String> query = jsonMap(http.get("/api/Query?a=1&empty=&b=2&b=3&flag&Name=J%C3%BCrgen+X").body());
            assertThat(query).containsOnly(Map.entry("a", "1"), Map.entry("b", "2,3"), Map.entry("Name", "Jürgen X"));
        }

        @Test
        void uri_andMethod_areThoseOfTheRequest() {
            Map<String, String> shape = jsonMap(http.send(http.request("/api/Shape?x=1").method("PATCH",
                    HttpRequest.BodyPublishers.noBody()).build()).body());
            assertThat(shape).containsEntry("uri", host.baseUrl() + "/api/Shape?x=1").containsEntry("method", "PATCH");
        }

        @Test
        void textBody_bindsToString() {
            assertThat(http.post("/api/BodyText", "text/plain", "héllo".getBytes(StandardCharsets.UTF_8)).body()).isEqualTo("text:héllo");
            assertThat(http.post("/api/BodyText", "application/json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)).body())
                    .isEqualTo("text:{\"a\":1}");
        }

        @Test
        void noBody_bindsToOptionalEmpty() {
            assertThat(http.post("/api/BodyText", "text/plain", new byte[0]).body()).isEqualTo("empty");
            assertThat(http.get("/api/BodyText").statusCode()).isEqualTo(200);
        }

        @Test
        void chunkedBodyWithoutLength_doesNotReachTheFunction() {
            HttpRequest request = http.request("/api/BodyText").header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream("chunked".getBytes(StandardCharsets.UTF_8))))
                    .build();
            assertThat(http.send(request).body()).isEqualTo("empty");
        }

        @Test
        void octetStream_bindsToBytes_andDecodesToString() {
            byte[] bytes = {(byte) 200, 1, 2};
            assertThat(http.post("/api/BodyBytes", "application/octet-stream", bytes).body()).isEqualTo("bytes:3:200");
            assertThat(http.post("/api/BodyText", "application/octet-stream", "raw".getBytes(StandardCharsets.UTF_8)).body())
                    .isEqualTo("text:raw");
            assertThat(http.post("/api/BodyBytes", "multipart/form-data; boundary=x", bytes).body()).isEqualTo("bytes:3:200");
        }

        @Test
        void jsonBody_bindsToPojo() {
            assertThat(http.post("/api/BodyItem", "application/json", "{\"name\":\"pen\",\"quantity\":2}".getBytes(StandardCharsets.UTF_8))
                    .body()).isEqualTo("item:penx2");
            assertThat(http.post("/api/BodyOnly", "text/plain", "solo".getBytes(StandardCharsets.UTF_8)).body()).isEqualTo("only:solo");
        }

        @Test
        void requiredBody_withoutBody_fails500() {
            assertThat(http.post("/api/BodyRequiredString", "text/plain", new byte[0]).statusCode()).isEqualTo(500);
            assertThat(http.post("/api/BodyRequiredString", "text/plain", "x".getBytes(StandardCharsets.UTF_8)).body())
                    .isEqualTo("required:x");
            assertThat(http.get("/api/BodyRequiredItem").statusCode()).isEqualTo(500);
        }

        @Test
        void textToBytes_andBytesToPojo_fail500_asInTheWorker() {
            for (String type : new String[] {"text/plain", "text/csv; charset=utf-8", "application/json", "image/png"}) {
                HttpResponse<String> failed = http.post("/api/BodyBytes", type, "abc".getBytes(StandardCharsets.UTF_8));
                assertThat(failed.statusCode()).as(type).isEqualTo(500);
                assertThat(failed.body()).as("the host's exception middleware writes no body").isEmpty();
                assertThat(failed.headers().firstValue("Content-Type")).isEmpty();
            }
            assertThat(http.post("/api/BodyBytes", "text/plain", "[104,105]".getBytes(StandardCharsets.UTF_8)).body())
                    .as("the worker's Gson reads a JSON array of numbers as bytes").isEqualTo("bytes:2:104");
            assertThat(http.post("/api/BodyItem", "application/octet-stream", "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8))
                    .statusCode()).isEqualTo(500);
        }

        @Test
        void invalidJson_forPojo_fails500() {
            assertThat(http.post("/api/BodyItem", "application/json", "{not json".getBytes(StandardCharsets.UTF_8)).statusCode())
                    .isEqualTo(500);
        }
    }

    @Nested
    class Responses {

        @Test
        void string_isPlainTextUtf8() {
            HttpResponse<String> response = http.get("/api/ReturnsString");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
            assertThat(response.body()).isEqualTo("plain text é");
        }

        @Test
        void bytes_areOctetStream() {
            HttpResponse<byte[]> response = http.sendForBytes(http.request("/api/ReturnsBytes").build());
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
            assertThat(response.body()).containsExactly(1, 2, 3);
        }

        @Test
        void pojo_isGsonJson() {
            HttpResponse<String> response = http.get("/api/ReturnsPojo");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            assertThat(response.body()).isEqualTo("{\"name\":\"pen\",\"quantity\":3}");
        }

        @Test
        void nullOrVoid_is200WithEmptyBody() {
            for (String path : List.of("/api/ReturnsNull", "/api/ReturnsVoid", "/api/BuilderDefaults")) {
                HttpResponse<String> response = http.get(path);
                assertThat(response.statusCode()).as(path).isEqualTo(200);
                assertThat(response.body()).as(path).isEmpty();
                assertThat(response.headers().firstValue("Content-Type")).as(path).isEmpty();
            }
        }

        @Test
        void builder_setsStatusHeaders_lastPutWins_andKeepsContentType() {
            HttpResponse<String> response = http.get("/api/BuilderFull");
            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.headers().allValues("X-First")).containsExactly("two");
            assertThat(response.headers().firstValue("Location")).hasValue("/api/items/1");
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.test+json");
            assertThat(response.body()).isEqualTo("{\"id\":1}");
        }

        @Test
        void builder_customStatus_andPojoOrBytesBody() {
            HttpResponse<String> pojo = http.get("/api/BuilderPojo");
            assertThat(pojo.statusCode()).isEqualTo(299);
            assertThat(pojo.body()).isEqualTo("{\"name\":\"cup\",\"quantity\":2}");
            HttpResponse<String> bytes = http.get("/api/BuilderBytes");
            assertThat(bytes.statusCode()).isEqualTo(202);
            assertThat(bytes.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
            assertThat(bytes.body()).isEqualTo("abc");
        }

        @Test
        void noContent_hasNoBody() {
            HttpResponse<String> response = http.get("/api/NoContent");
            assertThat(response.statusCode()).isEqualTo(204);
            assertThat(response.body()).isEmpty();
        }

        @Test
        void exception_is500_withAnEmptyBody() {
            HttpResponse<String> response = http.get("/api/Throws");
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).isEmpty();
        }

        @Test
        void functionsThatCannotLoad_answer500_andAreListedWithTheReason() {
            assertThat(http.get("/api/Overloaded").statusCode()).isEqualTo(500);
            assertThat(http.get("/api/Unbindable").statusCode()).isEqualTo(500);
            assertThat(http.get("/api/Ghost").statusCode()).isEqualTo(500);
            assertThat(http.get("/api/bad/x").statusCode()).isEqualTo(404);
            assertThat(host.describeFunctions())
                    .anySatisfy(line -> assertThat(line).startsWith("Overloaded:").contains("exactly one public method"))
                    .anySatisfy(line -> assertThat(line).startsWith("Unbindable:").contains("mystery"))
                    .anySatisfy(line -> assertThat(line).startsWith("Ghost:").contains("class not found"))
                    .anySatisfy(line -> assertThat(line).startsWith("BadRoute:").contains("nosuch"));
        }
    }

    @Nested
    class Invocation {

        @Test
        void everyCall_getsANewInstance() {
            String first = http.get("/api/Instance").body();
            String second = http.get("/api/Instance").body();
            assertThat(first).startsWith("calls=1,");
            assertThat(second).startsWith("calls=1,");
            int before = Integer.parseInt(first.substring(first.indexOf("constructed=") + 12));
            int after = Integer.parseInt(second.substring(second.indexOf("constructed=") + 12));
            assertThat(after).isEqualTo(before + 1);
        }

        @Test
        void context_carriesAFreshInvocationId_theFunctionName_andALogger() {
            String[] first = http.get("/api/Context").body().split("\\|");
            String[] second = http.get("/api/Context").body().split("\\|");
            assertThat(UUID.fromString(first[0]).version()).isEqualTo(4);
            assertThat(first[0]).isNotEqualTo(second[0]);
            assertThat(first[1]).isEqualTo("Context");
            assertThat(first[2]).isEqualTo("true");
            assertThat(functionLog).anySatisfy(line -> assertThat(line)
                    .contains("[Functions.Context]").contains("[Id=" + first[0] + "]").contains("INFO logged from the function"));
        }

        @Test
        void appClasses_comeFromTheAppLoader_whichIsTheContextLoaderDuringTheCall() {
            assertThat(http.get("/api/Loader").body()).isEqualTo("devhost-app|true");
        }

        @Test
        void otherTriggers_areListedWithTheirWebhook_andHttpOnesWithTheirRoute() {
            List<String> lines = new ArrayList<>(host.describeFunctions());
            assertThat(lines).anySatisfy(line -> assertThat(line)
                    .startsWith("ProcessUpload: blobTrigger uploaded-files/{name} (EventGrid) [POST] " + host.baseUrl()
                            + "/runtime/webhooks/blobs?functionName=Host.Functions.ProcessUpload (blobs_extension key)")
                    .contains("(in error: class not found"));
            assertThat(lines).anySatisfy(line -> assertThat(line)
                    .isEqualTo("ItemByGuid: [GET] " + host.baseUrl() + "/api/items/{id:guid}"));
            assertThat(lines).anySatisfy(line -> assertThat(line)
                    .isEqualTo("AdminLevel: [ALL] " + host.baseUrl() + "/api/AdminLevel (admin key)"));
        }
    }
}
