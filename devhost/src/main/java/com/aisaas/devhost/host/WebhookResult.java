package com.aisaas.devhost.host;

import java.util.Map;

/**
 * The answer of an extension webhook. A text body goes out as {@code text/plain; charset=utf-8}, which is what the
 * extensions' {@code StringContent} sends.
 */
record WebhookResult(int status, String body, Map<String, String> headers) {

    WebhookResult {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    static WebhookResult empty(int status) {
        return new WebhookResult(status, null, Map.of());
    }

    static WebhookResult text(int status, String body) {
        return new WebhookResult(status, body, Map.of());
    }
}
