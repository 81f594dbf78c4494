package com.aisaas.devhost.host.eventgrid;

import com.aisaas.devhost.host.http.HttpResult;
import com.aisaas.devhost.host.http.KeyAuthorizer;
import com.aisaas.devhost.host.http.QueryString;
import com.aisaas.devhost.host.http.SystemRoute;
import com.aisaas.devhost.host.worker.LoadedFunction;
import com.google.gson.JsonElement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /runtime/webhooks/{extension}/{*extra}} (docs/functions-host.md §2, §3; HostController.ExtensionWebHookHandler): GET, PUT,
 * POST, DELETE and OPTIONS. In order: an unknown extension is 404; the key ({@code x-functions-key} header, else
 * {@code code}) must be the extension's system key or the master key, else 401; {@code functionName} must name a
 * function of that extension, else 404 "cannot find function: '<name>'"; then the Event Grid handshake of
 * HttpRequestProcessor: OPTIONS (CloudEvents abuse protection) is 200 with {@code Webhook-Allowed-Origin};
 * {@code aeg-event-type} (compared case-insensitively) SubscriptionValidation is 200 with the validation code,
 * Notification dispatches the events, Unsubscribe is 202, anything else (or none) is 400. A body that is not JSON fails
 * like the extension's parser: 500.
 */
public final class WebhookHandler implements SystemRoute {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);

    static final String EVENT_TYPE_HEADER = "aeg-event-type";
    static final String REQUEST_ORIGIN_HEADER = "WebHook-Request-Origin";
    static final String ALLOWED_ORIGIN_HEADER = "Webhook-Allowed-Origin";
    static final String PUBLIC_CLOUD_ORIGIN = "eventgrid.azure.net";
    /** Origins answered as sent; anything else gets the public cloud's (HttpRequestProcessor.GetAllowedOriginResponseHeader). */
    private static final Set<String> KNOWN_ORIGINS = Set.of(PUBLIC_CLOUD_ORIGIN, "eventgrid.azure.us", "eventgrid.azure.eaglex.ic.gov",
            "eventgrid.azure.microsoft.scloud", "eventgrid.azure.cn");
    private static final Set<String> METHODS = Set.of("GET", "PUT", "POST", "DELETE", "OPTIONS");
    private static final long DRAIN_LIMIT_BYTES = 1024 * 1024;

    private final Map<String, WebhookTarget> targets = new LinkedHashMap<>();
    private final KeyAuthorizer keys;
    private final long maxBodyBytes;

    public WebhookHandler(List<WebhookTarget> targets, KeyAuthorizer keys, long maxBodyBytes) {
        for (WebhookTarget target : targets) {
            this.targets.put(target.extension().toLowerCase(Locale.ROOT), target);
        }
        this.keys = keys;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** {@code runtime/webhooks/<extension>[/...]}, matched case-insensitively like ASP.NET routes. */
    @Override
    public boolean serves(List<String> segments) {
        return segments.size() >= 3 && segments.get(0).equalsIgnoreCase("runtime") && segments.get(1).equalsIgnoreCase("webhooks");
    }

    @Override
    public void handle(Request request, Response response, Callback callback, List<String> segments, Map<String, String> query)
            throws IOException {
        WebhookTarget target = targets.get(segments.get(2).toLowerCase(Locale.ROOT));
        if (target == null) {
            finish(request, response, callback, WebhookResult.empty(404));
            return;
        }
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "DELETE, GET, OPTIONS, POST, PUT");
            finish(request, response, callback, WebhookResult.empty(405));
            return;
        }
        HttpFields fields = request.getHeaders();
        if (!keys.allowsSystem(target.systemKey(), presentedKey(fields, query))) {
            finish(request, response, callback, WebhookResult.empty(401));
            return;
        }
        String functionName = QueryString.get(query, "functionName");
        LoadedFunction function = functionName == null ? null : target.find(functionName);
        if (function == null) {
            LOG.info("cannot find function: '{}' (webhook {})", functionName == null ? "" : functionName, target.extension());
            finish(request, response, callback, WebhookResult.text(404, "cannot find function: '" + (functionName == null ? "" : functionName) + "'"));
            return;
        }
        if (method.equals("OPTIONS")) {
            String origin = fields.get(REQUEST_ORIGIN_HEADER);
            String allowed = origin != null && KNOWN_ORIGINS.contains(origin) ? origin : PUBLIC_CLOUD_ORIGIN;
            finish(request, response, callback, new WebhookResult(200, null, Map.of(ALLOWED_ORIGIN_HEADER, allowed)));
            return;
        }
        long length = request.getLength();
        if (length > maxBodyBytes) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            write(response, callback, WebhookResult.empty(413));
            return;
        }
        String eventType = fields.get(EVENT_TYPE_HEADER);
        WebhookResult result;
        if ("SubscriptionValidation".equalsIgnoreCase(eventType)) {
            result = validate(readBody(request), functionName);
        } else if ("Notification".equalsIgnoreCase(eventType)) {
            result = notify(target, function, functionName, readBody(request));
        } else if ("Unsubscribe".equalsIgnoreCase(eventType)) {
            finish(request, response, callback, WebhookResult.empty(202));
            return;
        } else {
            finish(request, response, callback, WebhookResult.empty(400));
            return;
        }
        write(response, callback, result);
    }

    private static WebhookResult validate(String body, String functionName) {
        try {
            String code = EventJson.validationCode(body);
            LOG.info("perform handshake with eventGrid for function: {}", functionName);
            return WebhookResult.text(200, EventJson.validationResponse(code));
        } catch (IllegalArgumentException e) {
            LOG.warn("subscription validation for '{}' failed: {}", functionName, e.getMessage());
            return WebhookResult.text(500, e.getMessage());
        }
    }

    private static WebhookResult notify(WebhookTarget target, LoadedFunction function, String functionName, String body) {
        List<JsonElement> events;
        try {
            events = EventJson.events(body);
        } catch (IllegalArgumentException e) {
            LOG.warn("notification for '{}' rejected: {}", functionName, e.getMessage());
            return WebhookResult.text(500, e.getMessage());
        }
        return target.notify(function, functionName, events);
    }

    /** Header {@code x-functions-key} if sent and not empty, else query {@code code}. */
    private static String presentedKey(HttpFields fields, Map<String, String> query) {
        String header = fields.get(KeyAuthorizer.KEY_HEADER);
        if (header != null && !header.isEmpty()) {
            return header;
        }
        return QueryString.get(query, KeyAuthorizer.KEY_QUERY);
    }

    /** The body as UTF-8 text, read whether or not a Content-Length was sent (the extension reads the content either way). */
    private String readBody(Request request) throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes((int) Math.min(maxBodyBytes + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > maxBodyBytes) {
                throw new IOException("webhook body over " + maxBodyBytes + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /**
     * Answers without having read the body: a small unread body is read and dropped first, so the client can reuse the
     * connection; a large one closes it.
     */
    private static void finish(Request request, Response response, Callback callback, WebhookResult result) throws IOException {
        long length = request.getLength();
        if (length != 0) {
            if (length > 0 && length <= DRAIN_LIMIT_BYTES) {
                try (InputStream in = Content.Source.asInputStream(request)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            } else {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
        }
        write(response, callback, result);
    }

    private static void write(Response response, Callback callback, WebhookResult result) {
        response.setStatus(result.status());
        result.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        byte[] body = result.body() == null ? BufferUtil.EMPTY_BYTES : result.body().getBytes(StandardCharsets.UTF_8);
        if (body.length > 0) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpResult.TEXT);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, body.length == 0 ? BufferUtil.EMPTY_BUFFER : ByteBuffer.wrap(body), callback);
    }
}
