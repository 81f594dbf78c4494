package com.aisaas.functions;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Doubles of the Functions library's request and context (Mockito) and a response builder that records what was
 * built. Requests carry headers with lower-case keys, as the host sends them.
 */
final class FakeHttp {

    private FakeHttp() {
    }

    /** What a function returned: status, headers (names as given) and body. */
    record Response(int status, Map<String, String> headers, Object body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }

        String text() {
            return body instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                    : (String) body;
        }
    }

    static HttpRequestMessage<Optional<String>> request(String path) {
        return new RequestBuilder<String>(HttpMethod.GET, path).build();
    }

    static RequestBuilder<String> get(String path) {
        return new RequestBuilder<>(HttpMethod.GET, path);
    }

    static <T> RequestBuilder<T> request(HttpMethod method, String path) {
        return new RequestBuilder<>(method, path);
    }

    static ExecutionContext context(String invocationId) {
        ExecutionContext context = mock(ExecutionContext.class);
        lenient().when(context.getInvocationId()).thenReturn(invocationId);
        return context;
    }

    /** Reads back what the builder recorded. */
    static Response read(HttpResponseMessage message) {
        if (message instanceof Built built) {
            return new Response(built.status.value(), built.headers, built.body);
        }
        throw new IllegalArgumentException("not built by FakeHttp: " + message);
    }

    /** A request: method, path (with query), headers and body. */
    static final class RequestBuilder<T> {
        private final HttpMethod method;
        private final URI uri;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Map<String, String> query = new LinkedHashMap<>();
        private T body;

        RequestBuilder(HttpMethod method, String pathAndQuery) {
            this.method = method;
            this.uri = URI.create("http://localhost:7071" + pathAndQuery);
            String raw = uri.getRawQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    String[] kv = pair.split("=", 2);
                    String value = kv.length > 1 ? java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8) : "";
                    if (!value.isEmpty()) {
                        query.put(kv[0], value);
                    }
                }
            }
        }

        RequestBuilder<T> header(String name, String value) {
            headers.put(name.toLowerCase(Locale.ROOT), value);
            return this;
        }

        RequestBuilder<T> body(T value) {
            this.body = value;
            return this;
        }

        @SuppressWarnings("unchecked")
        HttpRequestMessage<Optional<T>> build() {
            HttpRequestMessage<Optional<T>> request = mock(HttpRequestMessage.class);
            lenient().when(request.getUri()).thenReturn(uri);
            lenient().when(request.getHttpMethod()).thenReturn(method);
            lenient().when(request.getHeaders()).thenReturn(Map.copyOf(headers));
            lenient().when(request.getQueryParameters()).thenReturn(Map.copyOf(query));
            lenient().when(request.getBody()).thenReturn(Optional.ofNullable(body));
            lenient().when(request.createResponseBuilder(any(HttpStatus.class)))
                    .thenAnswer(invocation -> new Builder(invocation.getArgument(0)));
            lenient().when(request.createResponseBuilder(any(HttpStatusType.class)))
                    .thenAnswer(invocation -> new Builder(invocation.getArgument(0)));
            return request;
        }
    }

    private static final class Builder implements HttpResponseMessage.Builder {
        private HttpStatusType status;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Object body;

        Builder(HttpStatusType status) {
            this.status = status;
        }

        @Override
        public HttpResponseMessage.Builder status(HttpStatusType value) {
            this.status = value;
            return this;
        }

        @Override
        public HttpResponseMessage.Builder header(String key, String value) {
            headers.put(key, value);
            return this;
        }

        @Override
        public HttpResponseMessage.Builder body(Object value) {
            this.body = value;
            return this;
        }

        @Override
        public HttpResponseMessage build() {
            return new Built(status, Map.copyOf(headers), body);
        }
    }

    private record Built(HttpStatusType status, Map<String, String> headers, Object body) implements HttpResponseMessage {
        @Override
        public HttpStatusType getStatus() {
            return status;
        }

        @Override
        public String getHeader(String key) {
            return headers.get(key);
        }

        @Override
        public Object getBody() {
            return body;
        }
    }
}
