package com.aisaas.devhost.host.http;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The response a function builds with {@code request.createResponseBuilder(...)} (docs/functions-host.md §1.5): status
 * 200 unless set, headers where the last {@code header(name, value)} for a name wins (names compared
 * case-insensitively, as HTTP does), and any body object; {@link HttpResult} turns it into bytes.
 */
final class WorkerHttpResponse implements HttpResponseMessage {

    private final HttpStatusType status;
    private final Map<String, String> headers;
    private final Object body;

    private WorkerHttpResponse(HttpStatusType status, Map<String, String> headers, Object body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    @Override
    public HttpStatusType getStatus() {
        return status;
    }

    @Override
    public int getStatusCode() {
        return status.value();
    }

    @Override
    public String getHeader(String key) {
        return headers.get(key);
    }

    /** All headers, in name order; the spelling of the last put of each name. */
    Map<String, String> headers() {
        return headers;
    }

    @Override
    public Object getBody() {
        return body;
    }

    /** {@link HttpResponseMessage.Builder}; not thread-safe, like the worker's. */
    static final class Builder implements HttpResponseMessage.Builder {
        private HttpStatusType status = HttpStatus.OK;
        private final TreeMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private Object body;

        @Override
        public Builder status(HttpStatusType newStatus) {
            this.status = Objects.requireNonNull(newStatus, "status");
            return this;
        }

        @Override
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "header name");
            headers.remove(name);
            headers.put(name, value);
            return this;
        }

        @Override
        public Builder body(Object newBody) {
            this.body = newBody;
            return this;
        }

        @Override
        public HttpResponseMessage build() {
            TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            copy.putAll(headers);
            return new WorkerHttpResponse(status, Collections.unmodifiableMap(copy), body);
        }
    }
}
