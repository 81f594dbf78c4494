package com.aisaas.common;

import java.util.HashMap;
import java.util.Map;

/**
 * Maps the domain exception hierarchy to HTTP status codes and problem details, in one place.
 *
 * <table>
 *   <caption>mapping</caption>
 *   <tr><th>exception</th><th>status</th><th>type</th></tr>
 *   <tr><td>{@link ValidationException}</td><td>400</td><td>{@value #VALIDATION}</td></tr>
 *   <tr><td>{@link ForbiddenException}</td><td>403</td><td>{@value #FORBIDDEN}</td></tr>
 *   <tr><td>{@link NotFoundException}</td><td>404</td><td>{@value #NOT_FOUND}</td></tr>
 *   <tr><td>{@link ConflictException}</td><td>409</td><td>{@value #CONFLICT}</td></tr>
 *   <tr><td>{@link DependencyException}</td><td>503 + Retry-After</td><td>{@value #DEPENDENCY}</td></tr>
 *   <tr><td>anything else</td><td>500</td><td>{@value #INTERNAL}</td></tr>
 * </table>
 *
 * The detail of a 5xx never carries the exception message (it may name hosts or statements): only a
 * fixed sentence and the component. Stack traces are never part of a problem.
 */
public final class Problems {

    public static final String VALIDATION = "urn:aisaas:problem:validation";
    public static final String FORBIDDEN = "urn:aisaas:problem:forbidden";
    public static final String NOT_FOUND = "urn:aisaas:problem:not-found";
    public static final String CONFLICT = "urn:aisaas:problem:conflict";
    public static final String DEPENDENCY = "urn:aisaas:problem:dependency-unavailable";
    public static final String INTERNAL = "urn:aisaas:problem:internal";

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

    private static ProblemResponse map(Throwable error, String instance) {
        if (error instanceof ValidationException) {
            return simple(400, VALIDATION, "Invalid request", error.getMessage(), instance);
        }
        if (error instanceof ForbiddenException) {
            return simple(403, FORBIDDEN, "Forbidden", error.getMessage(), instance);
        }
        if (error instanceof NotFoundException) {
            return simple(404, NOT_FOUND, "Not found", error.getMessage(), instance);
        }
        if (error instanceof ConflictException) {
            return simple(409, CONFLICT, "Conflict", error.getMessage(), instance);
        }
        if (error instanceof DependencyException dependency) {
            Map<String, Object> extensions = new HashMap<>();
            extensions.put("component", dependency.component());
            extensions.put("retryable", dependency.retryable());
            Problem problem = new Problem(DEPENDENCY, "Service unavailable", 503,
                    "A dependency (" + dependency.component() + ") is unavailable; try again later.",
                    instance, extensions);
            int retryAfter = dependency.retryable()
                    ? RETRY_AFTER_RETRYABLE_SECONDS : RETRY_AFTER_NOT_RETRYABLE_SECONDS;
            return new ProblemResponse(503, problem, Map.of("Retry-After", Integer.toString(retryAfter)));
        }
        return simple(500, INTERNAL, "Internal error",
                "The request could not be completed; the error has been logged.", instance);
    }

    private static ProblemResponse simple(int status, String type, String title, String detail, String instance) {
        return new ProblemResponse(status, new Problem(type, title, status, detail, instance, Map.of()), Map.of());
    }
}
