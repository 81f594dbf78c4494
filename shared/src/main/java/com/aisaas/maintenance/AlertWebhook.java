package com.aisaas.maintenance;

import com.aisaas.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs an alert as JSON to ALERT_WEBHOOK_URL with short timeouts. Failures are logged, never thrown: the alert is
 * already recorded and logged, and a slow receiver must not stall the sweep. The URL may carry a token, so log
 * lines name only its host.
 */
final class AlertWebhook {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(AlertWebhook.class);

    private final URI url;
    private final HttpClient client;

    AlertWebhook(URI url) {
        this.url = Objects.requireNonNull(url, "url");
        this.client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Sends {@code body}; true when the receiver answered 2xx. */
    boolean post(Map<String, Object> body) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "aisaas-functions-alerts")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                return true;
            }
            log.warn("alert webhook at {} answered HTTP {}", url.getHost(), response.statusCode());
        } catch (IOException e) {
            log.warn("alert webhook at {} failed: {}", url.getHost(), e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("alert webhook at {} interrupted", url.getHost());
        } catch (RuntimeException e) {
            log.warn("alert webhook at {} failed: {}", url.getHost(), e.toString());
        }
        return false;
    }
}
