package com.aisaas.devhost.host.http;

import com.aisaas.devhost.host.worker.TriggerInput;
import java.util.Map;

/** One HTTP request, already in the worker's shape; the body is null, a String or a byte[] (see {@link RequestBodies}). */
final class HttpTriggerInput implements TriggerInput {

    private final String url;
    private final String method;
    private final Map<String, String> headers;
    private final Map<String, String> query;
    private final Object rawBody;
    private final Map<String, String> routeValues;

    HttpTriggerInput(String url, String method, Map<String, String> headers, Map<String, String> query, Object rawBody,
                     Map<String, String> routeValues) {
        this.url = url;
        this.method = method;
        this.headers = headers;
        this.query = query;
        this.rawBody = rawBody;
        this.routeValues = routeValues;
    }

    /** A request whose body is converted by {@code body}; each call makes a new one (the body conversion may differ). */
    WorkerHttpRequest request(BodyBinding body) {
        return new WorkerHttpRequest(url, method, headers, query, body.convert(rawBody));
    }

    Object body(BodyBinding body) {
        return body.convert(rawBody);
    }

    /** Route values; ASP.NET route values are case-insensitive, so an exact miss falls back to a case-insensitive scan. */
    @Override
    public Object bindingData(String name) {
        String value = routeValues.get(name);
        if (value != null || routeValues.isEmpty()) {
            return value;
        }
        for (Map.Entry<String, String> entry : routeValues.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }
}
