package com.aisaas.common;

import java.util.Map;
import java.util.Objects;

/** What the HTTP boundary answers for an exception: status, problem body and extra headers (Retry-After). */
public record ProblemResponse(int status, Problem problem, Map<String, String> headers) {

    public ProblemResponse {
        Objects.requireNonNull(problem, "problem");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
