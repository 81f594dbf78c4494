package com.aisaas.common;

import java.util.Map;

/** The caller is over its rate limit (429); carries {@code Retry-After} and the {@code RateLimit-*} headers. */
public class TooManyRequestsException extends ClientErrorException {

    private final Map<String, String> headers;

    public TooManyRequestsException(String message, Map<String, String> headers) {
        super(429, "rate-limited", "Too many requests", message, null);
        this.headers = Map.copyOf(headers);
    }

    @Override
    public Map<String, String> headers() {
        return headers;
    }
}
