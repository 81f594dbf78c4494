package com.aisaas.idempotency;

import java.util.Map;

/** The first response to an idempotent request, replayed for its retries ({@code body} may be null). */
public record StoredResponse(int status, Map<String, String> headers, String body) {

    public StoredResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
