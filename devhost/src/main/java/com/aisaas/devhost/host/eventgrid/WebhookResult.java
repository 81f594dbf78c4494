package com.aisaas.devhost.host.eventgrid;

import java.util.Map;

/**
 * The answer of an extension webhook. A text body goes out as {@code text/plain; charset=utf-8}, which is what the
 * extensions' {@code StringContent} sends.
 */
public record WebhookResult(int status, String body, Map<String, String> headers) {

    public WebhookResult {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static WebhookResult empty(int status) {
        return new WebhookResult(status, null, Map.of());
    }

    public static WebhookResult text(int status, String body) {
        return new WebhookResult(status, body, Map.of());
    }
}
