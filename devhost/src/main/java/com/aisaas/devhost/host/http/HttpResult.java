package com.aisaas.devhost.host.http;

import com.aisaas.devhost.host.worker.Json;
import com.microsoft.azure.functions.HttpResponseMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What goes on the wire for a function's return value (docs/functions-host.md §1.5). An {@link HttpResponseMessage} gives
 * status, headers and body; anything else is a 200 whose body is that value; null or void is 200 with no body.
 * Bodies: String as UTF-8 ({@code text/plain; charset=utf-8} unless a content-type header is set), byte[] as is
 * ({@code application/octet-stream}), null empty, other objects Gson JSON ({@code application/json; charset=utf-8}).
 */
public record HttpResult(int status, Map<String, String> headers, byte[] body, String defaultContentType) {

    public static final String TEXT = "text/plain; charset=utf-8";
    static final String BINARY = "application/octet-stream";
    static final String JSON = "application/json; charset=utf-8";

    private static final byte[] EMPTY = new byte[0];

    static HttpResult from(Object returned) {
        if (returned instanceof HttpResponseMessage) {
            HttpResponseMessage response = (HttpResponseMessage) returned;
            Map<String, String> headers = response instanceof WorkerHttpResponse ? ((WorkerHttpResponse) response).headers() : Map.of();
            return withBody(response.getStatusCode(), headers, response.getBody());
        }
        return withBody(200, Map.of(), returned);
    }

    private static HttpResult withBody(int status, Map<String, String> headers, Object body) {
        if (body == null) {
            return new HttpResult(status, headers, EMPTY, null);
        }
        if (body instanceof String) {
            return new HttpResult(status, headers, ((String) body).getBytes(StandardCharsets.UTF_8), TEXT);
        }
        if (body instanceof byte[]) {
            return new HttpResult(status, headers, (byte[]) body, BINARY);
        }
        return new HttpResult(status, headers, Json.GSON.toJson(body).getBytes(StandardCharsets.UTF_8), JSON);
    }
}
