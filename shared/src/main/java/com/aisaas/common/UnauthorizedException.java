package com.aisaas.common;

import java.util.Map;

/**
 * No valid credentials (401). Carries the RFC 6750 {@code WWW-Authenticate} challenge; the detail says what was
 * wrong in general terms only (never echoes the token).
 */
public class UnauthorizedException extends ClientErrorException {

    private final String challenge;

    /** @param error the RFC 6750 error code: {@code invalid_request} or {@code invalid_token} */
    public UnauthorizedException(String error, String message) {
        this(error, message, null);
    }

    public UnauthorizedException(String error, String message, Throwable cause) {
        super(401, "unauthorized", "Unauthorized", message, cause);
        this.challenge = "Bearer realm=\"aisaas\"" + (error == null ? ""
                : ", error=\"" + error + "\", error_description=\"" + message.replace("\"", "'") + "\"");
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("WWW-Authenticate", challenge);
    }
}
