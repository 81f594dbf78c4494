package com.aisaas.devhost.host.http;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;

/**
 * {@link HttpRequestMessage} as the Java worker builds it from the host's RpcHttp (docs/functions-host.md §1): url
 * {@code scheme://host/path?query}, the method verbatim, header names lower-cased with repeated values joined by ",",
 * the query of {@link QueryString}, and the body already converted to the declared {@code T}.
 */
final class WorkerHttpRequest implements HttpRequestMessage<Object> {

    private final String url;
    private final String method;
    private final Map<String, String> headers;
    private final Map<String, String> query;
    private final Object body;
    private volatile URI uri;

    WorkerHttpRequest(String url, String method, Map<String, String> headers, Map<String, String> query, Object body) {
        this.url = url;
        this.method = method;
        this.headers = Collections.unmodifiableMap(headers);
        this.query = Collections.unmodifiableMap(query);
        this.body = body;
    }

    @Override
    public URI getUri() {
        URI result = uri;
        if (result == null) {
            result = toUri(url);
            uri = result;
        }
        return result;
    }

    /** Like the worker: {@link HttpMethod#value(String)}, which fails for methods the enum does not know. */
    @Override
    public HttpMethod getHttpMethod() {
        return HttpMethod.value(method);
    }

    @Override
    public Map<String, String> getHeaders() {
        return headers;
    }

    @Override
    public Map<String, String> getQueryParameters() {
        return query;
    }

    @Override
    public Object getBody() {
        return body;
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
        return new WorkerHttpResponse.Builder().status(status);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
        return new WorkerHttpResponse.Builder().status(status);
    }

    private static URI toUri(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException strict) {
            // Jetty lets some characters through that java.net.URI rejects ({, |, ^...): percent-encode just those.
            try {
                return new URI(encodeIllegal(url));
            } catch (URISyntaxException e) {
                throw new IllegalStateException("request URL is not a valid URI: " + url, e);
            }
        }
    }

    private static String encodeIllegal(String url) {
        StringBuilder out = new StringBuilder(url.length() + 16);
        for (byte b : url.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~:/?#[]@!$&'()*+,;=%".indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
