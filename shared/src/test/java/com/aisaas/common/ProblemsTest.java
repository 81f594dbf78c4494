package com.aisaas.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ProblemsTest {

    @Test
    void from_mapsEachDomainExceptionToItsStatusAndStableType() {
        assertThat(Problems.from(new ValidationException("name is empty"), "/api/x", null).status()).isEqualTo(400);
        assertThat(Problems.from(new ForbiddenException("admin only"), null, null).status()).isEqualTo(403);
        assertThat(Problems.from(new NotFoundException("no file"), null, null).status()).isEqualTo(404);
        assertThat(Problems.from(new ConflictException("stale version"), null, null).status()).isEqualTo(409);
        assertThat(Problems.from(new DependencyException("redis", true, "down"), null, null).status()).isEqualTo(503);
        assertThat(Problems.from(new IllegalStateException("bug"), null, null).status()).isEqualTo(500);

        assertThat(Problems.from(new NotFoundException("no file"), null, null).problem().type()).isEqualTo(Problems.NOT_FOUND);
    }

    @Test
    void from_everyClientError_keepsItsStatusTypeAndHeaders() {
        ProblemResponse unauthorized = Problems.from(new UnauthorizedException("invalid_token", "token expired"), null, null);
        ProblemResponse limited = Problems.from(
                new TooManyRequestsException("over the limit", java.util.Map.of("Retry-After", "7")), null, null);

        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.problem().type()).isEqualTo("urn:aisaas:problem:unauthorized");
        assertThat(unauthorized.headers().get("WWW-Authenticate"))
                .isEqualTo("Bearer realm=\"aisaas\", error=\"invalid_token\", error_description=\"token expired\"");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers()).containsEntry("Retry-After", "7");
        assertThat(Problems.from(new PreconditionFailedException("stale"), null, null).status()).isEqualTo(412);
        assertThat(Problems.from(new PayloadTooLargeException("big"), null, null).status()).isEqualTo(413);
        assertThat(Problems.from(new UnsupportedMediaTypeException("exe"), null, null).status()).isEqualTo(415);
        assertThat(Problems.from(new UnprocessableException("other body"), null, null).problem().type())
                .isEqualTo("urn:aisaas:problem:unprocessable");
    }

    @Test
    void from_clientError_showsTheMessageAsDetail() {
        ProblemResponse response = Problems.from(new ValidationException("limit must be 1..100"), "/api/v1/files", "inv-1");

        assertThat(response.problem().detail()).isEqualTo("limit must be 1..100");
        assertThat(response.problem().instance()).isEqualTo("/api/v1/files");
        assertThat(response.headers()).isEmpty();
    }

    @Test
    void from_dependencyFailure_is503WithRetryAfterAndNamesOnlyTheComponent() {
        ProblemResponse retryable = Problems.from(
                new DependencyException("postgres", true, "connect to 10.0.0.4:5432 failed"), null, "inv-1");
        ProblemResponse permanent = Problems.from(new DependencyException("keyvault", false, "forbidden"), null, null);

        assertThat(retryable.headers()).containsEntry("Retry-After", "5");
        assertThat(permanent.headers()).containsEntry("Retry-After", "30");
        assertThat(retryable.problem().detail()).contains("postgres").doesNotContain("10.0.0.4");
        assertThat(retryable.problem().extensions()).containsEntry("component", "postgres").containsEntry("retryable", true);
    }

    @Test
    void from_unexpectedError_hidesTheMessage_andJsonHasNoStackTrace() throws Exception {
        ProblemResponse response = Problems.from(new NullPointerException("secret internals"), "/api/x", "inv-9");

        String json = Json.write(response.problem());
        JsonNode node = Json.mapper().readTree(json);

        assertThat(json).doesNotContain("secret internals").doesNotContain("NullPointerException").doesNotContain("at com.");
        assertThat(node.get("type").asText()).isEqualTo(Problems.INTERNAL);
        assertThat(node.get("status").asInt()).isEqualTo(500);
        assertThat(node.get("invocationId").asText()).isEqualTo("inv-9");
        assertThat(node.has("extensions")).isFalse();
    }

    @Test
    void from_dependencyWithItsOwnRetryAfter_roundsItUpToWholeSeconds() {
        ProblemResponse open = Problems.from(new DependencyException("postgres", true, "circuit open", null,
                java.time.Duration.ofMillis(1_200)), "/api/v1/files", null);

        assertThat(open.status()).isEqualTo(503);
        assertThat(open.headers()).containsEntry("Retry-After", "2");
    }
}
