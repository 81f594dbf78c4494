package com.aisaas.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.common.ConflictException;
import com.aisaas.common.DependencyException;
import com.aisaas.common.ForbiddenException;
import com.aisaas.common.Json;
import com.aisaas.common.NotFoundException;
import com.aisaas.common.ValidationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpStatus;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class HttpTest {

    private static FakeHttp.Response call(RuntimeException error) {
        var request = FakeHttp.request("/api/health/ready");
        return FakeHttp.read(Http.respond(HealthReadyHttpFunction.NAME, request, FakeHttp.context("inv-7"), () -> {
            throw error;
        }));
    }

    @Test
    void respond_mapsTheDomainHierarchyToStatusCodes() {
        assertThat(call(new ValidationException("bad")).status()).isEqualTo(400);
        assertThat(call(new ForbiddenException("no")).status()).isEqualTo(403);
        assertThat(call(new NotFoundException("none")).status()).isEqualTo(404);
        assertThat(call(new ConflictException("stale")).status()).isEqualTo(409);
        assertThat(call(new DependencyException("redis", true, "down")).status()).isEqualTo(503);
        assertThat(call(new IllegalStateException("bug")).status()).isEqualTo(500);
    }

    @Test
    void respond_validationError_isProblemJsonWithDetailInstanceAndInvocationId() throws Exception {
        FakeHttp.Response response = call(new ValidationException("limit must be between 1 and 100"));

        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        JsonNode problem = Json.mapper().readTree((String) response.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:aisaas:problem:validation");
        assertThat(problem.get("title").asText()).isEqualTo("Invalid request");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asText()).isEqualTo("limit must be between 1 and 100");
        assertThat(problem.get("instance").asText()).isEqualTo("/api/health/ready");
        assertThat(problem.get("invocationId").asText()).isEqualTo("inv-7");
    }

    @Test
    void respond_dependencyFailure_is503WithRetryAfter() {
        FakeHttp.Response response = call(new DependencyException("postgres", true, "SQLState 57P01"));

        assertThat(response.header("Retry-After")).isEqualTo("5");
        assertThat((String) response.body()).contains("\"component\":\"postgres\"").doesNotContain("57P01");
    }

    @Test
    void respond_runsTheWorkWithTheInvocationIdInTheMdc() {
        AtomicReference<String> seen = new AtomicReference<>();
        var request = FakeHttp.request("/api/health/live");

        FakeHttp.Response response = FakeHttp.read(Http.respond("HealthLive", request, FakeHttp.context("inv-mdc"), () -> {
            seen.set(MDC.get("invocationId"));
            return Http.json(request, HttpStatus.OK, Map.of("a", 1));
        }));

        assertThat(seen).hasValue("inv-mdc");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"a\":1}");
        assertThat(MDC.get("invocationId")).isNull();
    }

    @Test
    void respond_refusesAFunctionThatNeedsRolesOrHasNoAccessRule_withoutRunningTheWork() {
        AtomicReference<String> ran = new AtomicReference<>();
        for (String function : new String[] {GetFileHttpFunction.NAME, "Unlisted"}) {
            var request = FakeHttp.request("/api/v1/files/123");

            FakeHttp.Response response = FakeHttp.read(Http.respond(function, request, FakeHttp.context("i"), () -> {
                ran.set(function);
                return Http.json(request, HttpStatus.OK, Map.of());
            }));

            assertThat(response.status()).as(function).isEqualTo(500);
        }
        assertThat(ran).hasValue(null);
    }
}
