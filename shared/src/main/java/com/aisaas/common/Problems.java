package com.aisaas.common;

import java.util.HashMap;
import java.util.Map;

/**
 * Maps the domain exception hierarchy to HTTP status codes and problem details, in one place.
 *
 * <p>Every {@link ClientErrorException} maps to its own status, type, title, headers and extensions, with its
 * message as the detail. {@link DependencyException} maps to 503 with {@code Retry-After} (the exception's own wait when it
 * has one, e.g. from an open circuit, rounded up to whole seconds; else 5 s when retryable, 30 s when not); anything
 * else to 500.
 *
 * The detail of a 5xx never carries the exception message (it may name hosts or statements): only a
 * fixed sentence and the component. Stack traces are never part of a problem.
 */
public final class Problems {

    private static final String TYPE_PREFIX = "urn:aisaas:problem:";
    public static final String VALIDATION = typeUri("validation");
    public static final String NOT_FOUND = typeUri("not-found");
    public static final String DEPENDENCY = typeUri("dependency-unavailable");
    public static final String INTERNAL = typeUri("internal");

    /** Seconds a client should wait before retrying after a retryable dependency failure. */
    public static final int RETRY_AFTER_RETRYABLE_SECONDS = 5;
    /** Seconds a client should wait after a dependency failure that will not heal by itself soon. */
    public static final int RETRY_AFTER_NOT_RETRYABLE_SECONDS = 30;

    private Problems() {
    }

    /**
     * The problem for {@code error}.
     *
     * @param instance the request path (may be null)
     * @param invocationId the Functions invocation id, written as an extension member (may be null)
     */
    public static ProblemResponse from(Throwable error, String instance, String invocationId) {
        ProblemResponse response = map(error, instance);
        Problem problem = response.problem().with("invocationId", invocationId);
        return new ProblemResponse(response.status(), problem, response.headers());
    }

    /** The stable type URI of a problem slug ({@code urn:aisaas:problem:<slug>}). */
    public static String typeUri(String slug) {
        return TYPE_PREFIX + slug;
    }

    private static ProblemResponse map(Throwable error, String instance) {
        if (error instanceof ClientErrorException client) {
            Problem problem = new Problem(client.type(), client.title(), client.status(), client.getMessage(),
                    instance, client.extensions());
            return new ProblemResponse(client.status(), problem, client.headers());
        }
        if (error instanceof DependencyException dependency) {
            Map<String, Object> extensions = new HashMap<>();
            extensions.put("component", dependency.component());
            extensions.put("retryable", dependency.retryable());
            Problem problem = new Problem(DEPENDENCY, "Service unavailable", 503,
                    "A dependency (" + dependency.component() + ") is unavailable; try again later.",
                    instance, extensions);
            long retryAfter = dependency.retryAfter()
                    .map(wait -> Math.max(1, (wait.toMillis() + 999) / 1000))
                    .orElse((long) (dependency.retryable()
                            ? RETRY_AFTER_RETRYABLE_SECONDS : RETRY_AFTER_NOT_RETRYABLE_SECONDS));
            return new ProblemResponse(503, problem, Map.of("Retry-After", Long.toString(retryAfter)));
        }
        return simple(500, INTERNAL, "Internal error",
                "The request could not be completed; the error has been logged.", instance);
    }

    private static ProblemResponse simple(int status, String type, String title, String detail, String instance) {
        return new ProblemResponse(status, new Problem(type, title, status, detail, instance, Map.of()), Map.of());
    }
}
