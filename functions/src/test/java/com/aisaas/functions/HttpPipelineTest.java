package com.aisaas.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.auth.Role;
import com.aisaas.common.ConflictException;
import com.aisaas.common.DependencyException;
import com.aisaas.common.ForbiddenException;
import com.aisaas.common.Json;
import com.aisaas.common.NotFoundException;
import com.aisaas.common.PayloadTooLargeException;
import com.aisaas.common.PreconditionFailedException;
import com.aisaas.common.UnsupportedMediaTypeException;
import com.aisaas.files.InvalidFieldException;
import com.aisaas.files.RangeNotSatisfiableException;
import com.aisaas.ratelimit.RateLimitDecision;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpPipelineTest {

    private final ApiFakes.Limiter limiter = new ApiFakes.Limiter();
    private final ApiFakes.Keys keys = new ApiFakes.Keys();
    /** The standard rules and a row for the endpoints of these tests ("Test": role user). */
    private final Http.Pipeline pipeline = ApiFakes.pipeline(new AccessRules(withTestRow()), limiter, keys);

    private static Map<String, AccessRules.Rule> withTestRow() {
        Map<String, AccessRules.Rule> rules = new java.util.HashMap<>(AccessRules.standard().rules());
        rules.put("Test", new AccessRules.Roles(java.util.Set.of(Role.USER)));
        return rules;
    }

    private FakeHttp.Response run(FakeHttp.RequestBuilder<String> request, Http.Endpoint endpoint) {
        return FakeHttp.read(pipeline.run("Test", request.build(), FakeHttp.context("inv-42"), endpoint));
    }

    private static JsonNode json(FakeHttp.Response response) throws Exception {
        return Json.mapper().readTree(response.text());
    }

    @Test
    void noToken_is401ProblemWithChallengeAndRequestId_andTheEndpointNeverRuns() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        FakeHttp.Response response = run(FakeHttp.get("/api/v1/files"), call -> {
            calls.incrementAndGet();
            return Http.Reply.empty(204);
        });

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(response.header("X-Request-Id")).isEqualTo("inv-42");
        assertThat(response.header("RateLimit-Limit")).isNull();
        assertThat(json(response).get("type").asText()).isEqualTo("urn:aisaas:problem:unauthorized");
        assertThat(calls).hasValue(0);
    }

    @Test
    void authenticated_runsTheEndpointAsTheCaller_withRequestIdAndRateLimitHeaders() {
        List<String> seen = new ArrayList<>();

        FakeHttp.Response response = run(FakeHttp.get("/api/v1/files").header("Authorization", ApiFakes.ALICE), call -> {
            seen.add(call.actor().ownerId() + "/" + call.actor().tenantId() + "/" + call.actor().requestId());
            return Http.Reply.json(200, Map.of("ok", true));
        });

        assertThat(seen).containsExactly("alice/t1/inv-42");
        assertThat(limiter.lastKey).isEqualTo("t1:alice");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Request-Id")).isEqualTo("inv-42");
        assertThat(response.header("RateLimit-Limit")).isEqualTo("100");
        assertThat(response.header("RateLimit-Remaining")).isEqualTo("99");
        assertThat(response.header("RateLimit-Reset")).isEqualTo("60");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void functionWithoutAnAccessRule_is500_andNeitherAuthenticatesNorRunsTheEndpoint() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        FakeHttp.Response response = FakeHttp.read(pipeline.run("Unlisted", FakeHttp.get("/api/v1/x")
                .header("Authorization", ApiFakes.ALICE).build(), FakeHttp.context("inv-42"), call -> {
                    calls.incrementAndGet();
                    return Http.Reply.empty(204);
                }));

        assertThat(response.status()).isEqualTo(500);
        assertThat(json(response).get("type").asText()).isEqualTo("urn:aisaas:problem:internal");
        assertThat(response.text()).doesNotContain("AccessRules");
        assertThat(limiter.lastKey).isNull();
        assertThat(calls).hasValue(0);
    }

    @Test
    void anonymousOrFunctionKeyRow_isRefusedByTheTokenPipeline_with500() {
        FakeHttp.Response response = FakeHttp.read(pipeline.run(HealthLiveHttpFunction.NAME, FakeHttp.get("/x")
                .header("Authorization", ApiFakes.ALICE).build(), FakeHttp.context("inv-42"),
                call -> Http.Reply.empty(204)));

        assertThat(response.status()).isEqualTo(500);
    }

    @Test
    void callerWithoutTheRoutesRole_is403_beforeTheRateLimitAndTheEndpoint() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        FakeHttp.Response response = run(FakeHttp.get("/api/v1/files").header("Authorization",
                "Bearer ops@t9/operator-token"), call -> {
                    calls.incrementAndGet();
                    return Http.Reply.empty(204);
                });

        assertThat(response.status()).isEqualTo(403);
        assertThat(json(response).get("type").asText()).isEqualTo("urn:aisaas:problem:forbidden");
        assertThat(json(response).get("detail").asText()).isEqualTo("This endpoint needs the role user.");
        assertThat(response.header("X-Request-Id")).isEqualTo("inv-42");
        assertThat(limiter.lastKey).isNull();
        assertThat(calls).hasValue(0);
    }

    @Test
    void overTheLimit_is429WithRetryAfter_andTheEndpointNeverRuns() throws Exception {
        limiter.next = new RateLimitDecision(false, 100, 0, 42, 42, false);
        AtomicInteger calls = new AtomicInteger();

        FakeHttp.Response response = run(FakeHttp.get("/api/v1/files").header("Authorization", ApiFakes.ALICE), call -> {
            calls.incrementAndGet();
            return Http.Reply.empty(204);
        });

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.header("Retry-After")).isEqualTo("42");
        assertThat(response.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(json(response).get("type").asText()).isEqualTo("urn:aisaas:problem:rate-limited");
        assertThat(calls).hasValue(0);
    }

    @Test
    void degradedLimiter_failsOpenWithoutRateLimitHeaders() {
        limiter.next = RateLimitDecision.failOpen(100);

        FakeHttp.Response response = run(FakeHttp.get("/api/v1/files").header("Authorization", ApiFakes.ALICE),
                call -> Http.Reply.empty(204));

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.header("RateLimit-Limit")).isNull();
    }

    static List<Arguments> errors() {
        return List.of(
                Arguments.of(new InvalidFieldException("limit", "must be an integer"), 400, "validation"),
                Arguments.of(new ForbiddenException("no"), 403, "forbidden"),
                Arguments.of(new NotFoundException("No file with this id."), 404, "not-found"),
                Arguments.of(new ConflictException("The file is pending."), 409, "conflict"),
                Arguments.of(new PreconditionFailedException("stale"), 412, "precondition-failed"),
                Arguments.of(new PayloadTooLargeException("big"), 413, "payload-too-large"),
                Arguments.of(new UnsupportedMediaTypeException("type"), 415, "unsupported-media-type"),
                Arguments.of(new RangeNotSatisfiableException(10), 416, "range-not-satisfiable"),
                Arguments.of(new DependencyException("postgres", true, "down"), 503, "dependency-unavailable"),
                Arguments.of(new IllegalStateException("secret detail"), 500, "internal"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("errors")
    void errors_areProblemJsonWithTheirStatusAndStableType(RuntimeException error, int status, String slug)
            throws Exception {
        FakeHttp.Response response = run(FakeHttp.get("/api/v1/files/x").header("Authorization", ApiFakes.ALICE),
                call -> {
                    throw error;
                });

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.header("X-Request-Id")).isEqualTo("inv-42");
        assertThat(response.header("RateLimit-Limit")).isEqualTo("100");
        JsonNode problem = json(response);
        assertThat(problem.get("type").asText()).isEqualTo("urn:aisaas:problem:" + slug);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/files/x");
        assertThat(response.text()).doesNotContain("secret detail", "Exception", "at com.");
    }

    @Test
    void invalidField_namesTheField() throws Exception {
        FakeHttp.Response response = run(FakeHttp.get("/api/v1/files").header("Authorization", ApiFakes.ALICE),
                call -> {
                    throw new InvalidFieldException("limit", "must be an integer between 1 and 100");
                });

        JsonNode problem = json(response);
        assertThat(problem.get("detail").asText()).isEqualTo("limit: must be an integer between 1 and 100");
        assertThat(problem.at("/invalidParams/0/name").asText()).isEqualTo("limit");
    }

    @Test
    void rangeNotSatisfiable_carriesContentRange() {
        FakeHttp.Response response = run(FakeHttp.get("/api/v1/files/x/content").header("Authorization", ApiFakes.ALICE),
                call -> {
                    throw new RangeNotSatisfiableException(10);
                });

        assertThat(response.header("Content-Range")).isEqualTo("bytes */10");
    }

    private FakeHttp.RequestBuilder<String> post(String body, String key) {
        FakeHttp.RequestBuilder<String> request = FakeHttp.<String>request(HttpMethod.POST, "/api/v1/files/uploads")
                .header("Authorization", ApiFakes.ALICE).header("Content-Type", "application/json").body(body);
        return key == null ? request : request.header("Idempotency-Key", key);
    }

    @Test
    void idempotencyKey_retryReplaysTheFirstResponse_andRunsTheEndpointOnce() {
        AtomicInteger calls = new AtomicInteger();
        Http.Endpoint endpoint = call -> Http.Reply.json(201, Map.of("n", calls.incrementAndGet()),
                "Location", "/api/v1/files/1");

        FakeHttp.Response first = run(post("{\"a\":1}", "k-1"), endpoint);
        FakeHttp.Response retry = run(post("{\"a\":1}", "k-1"), endpoint);

        assertThat(calls).hasValue(1);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.text()).isEqualTo(first.text());
        assertThat(retry.header("Location")).isEqualTo("/api/v1/files/1");
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.header("X-Request-Id")).isEqualTo("inv-42");
        assertThat(retry.header("RateLimit-Limit")).isEqualTo("100");
    }

    @Test
    void idempotencyKey_sameKeyOtherBody_is422() throws Exception {
        Http.Endpoint endpoint = call -> Http.Reply.json(201, Map.of());
        run(post("{\"a\":1}", "k-2"), endpoint);

        FakeHttp.Response other = run(post("{\"a\":2}", "k-2"), endpoint);

        assertThat(other.status()).isEqualTo(422);
        assertThat(json(other).get("type").asText()).isEqualTo("urn:aisaas:problem:unprocessable");
    }

    @Test
    void idempotencyKey_clientErrorIsReplayed_serverErrorReleasesTheKey() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FakeHttp.Response invalid = run(post("{}", "k-3"), call -> {
            calls.incrementAndGet();
            throw new InvalidFieldException("name", "is required");
        });
        FakeHttp.Response replayed = run(post("{}", "k-3"), call -> {
            calls.incrementAndGet();
            return Http.Reply.json(201, Map.of());
        });
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(replayed.status()).isEqualTo(400);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(json(replayed).get("detail").asText()).isEqualTo("name: is required");

        FakeHttp.Response down = run(post("{}", "k-4"), call -> {
            throw new DependencyException("postgres", true, "down");
        });
        FakeHttp.Response retried = run(post("{}", "k-4"), call -> Http.Reply.json(201, Map.of("ok", true)));
        assertThat(down.status()).isEqualTo(503);
        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.header("Idempotent-Replayed")).isNull();
        assertThat(calls).hasValue(1);
    }

    @Test
    void idempotencyKey_isScopedToTheCaller_andIgnoredOnGet() {
        AtomicInteger calls = new AtomicInteger();
        Http.Endpoint endpoint = call -> Http.Reply.json(201, Map.of("n", calls.incrementAndGet()));
        run(post("{}", "shared-key"), endpoint);

        FakeHttp.Response bob = run(post("{}", "shared-key").header("Authorization", "Bearer bob-token"), endpoint);
        FakeHttp.Response get1 = run(FakeHttp.get("/api/v1/files").header("Authorization", ApiFakes.ALICE)
                .header("Idempotency-Key", "g"), endpoint);
        FakeHttp.Response get2 = run(FakeHttp.get("/api/v1/files").header("Authorization", ApiFakes.ALICE)
                .header("Idempotency-Key", "g"), endpoint);

        assertThat(bob.header("Idempotent-Replayed")).isNull();
        assertThat(get1.text()).isNotEqualTo(get2.text());
        assertThat(calls).hasValue(4);
    }
}
