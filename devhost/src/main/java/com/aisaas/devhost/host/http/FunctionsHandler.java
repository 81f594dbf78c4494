package com.aisaas.devhost.host.http;

import com.aisaas.devhost.host.worker.BindingException;
import com.aisaas.devhost.host.worker.FunctionFailedException;
import com.aisaas.devhost.host.worker.InvocationContext;
import com.aisaas.devhost.host.worker.LoadedFunction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front of the devhost, on Jetty's core handler API. Per request: URL length (414), route and method (404,
 * or 405 with {@code Allow} where the real host says 404 — see {@link RouteTable}), key (401, empty body), body size
 * (413), then one invocation. Blocking: invocations run on Jetty's thread pool, one per request.
 *
 * <p>A failed invocation (the function threw, its parameters could not be bound, its answer could not be written)
 * answers 500 with an empty body, as the host's exception middleware does (docs/functions-host.md §1.5); the
 * invocation id and the exception go to the log only.
 */
public final class FunctionsHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionsHandler.class);

    /** Longest path + query accepted (the platform documents 4 KB URLs), docs/functions-host.md §1.3. */
    static final int MAX_URL_LENGTH = 4096;

    /** Bodies are handed over as one array, so a limit above this cannot be honoured. */
    private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;
    private static final long DRAIN_BEFORE_413_BYTES = 1024 * 1024;

    private final RouteTable<HttpEndpoint> routes;
    private final KeyAuthorizer keys;
    private final long maxBodyBytes;
    private final Consumer<String> functionLog;
    private final List<SystemRoute> systemRoutes;

    public FunctionsHandler(RouteTable<HttpEndpoint> routes, KeyAuthorizer keys, long maxBodyBytes, Consumer<String> functionLog) {
        this(routes, keys, maxBodyBytes, functionLog, List.of());
    }

    /**
     * @param systemRoutes served before any function route, in this order: the extension webhooks
     *                     (docs/functions-host.md §2.1), the admin API
     */
    public FunctionsHandler(RouteTable<HttpEndpoint> routes, KeyAuthorizer keys, long maxBodyBytes, Consumer<String> functionLog,
                     List<SystemRoute> systemRoutes) {
        this.routes = routes;
        this.keys = keys;
        this.maxBodyBytes = maxBodyBytes;
        this.functionLog = functionLog;
        this.systemRoutes = List.copyOf(systemRoutes);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            serve(request, response, callback);
        } catch (RuntimeException | IOException e) {
            LOG.warn("request {} {} failed before reaching a function: {}", request.getMethod(), request.getHttpURI().getPath(), e.toString());
            if (!response.isCommitted()) {
                response.getHeaders().clear();
                empty(response, callback, 500);
            } else {
                callback.failed(e);
            }
        }
        return true;
    }

    private void serve(Request request, Response response, Callback callback) throws IOException {
        HttpURI uri = request.getHttpURI();
        String rawPath = uri.getPath();
        String rawQuery = uri.getQuery();
        int urlLength = (rawPath == null ? 0 : rawPath.length()) + (rawQuery == null ? 0 : rawQuery.length() + 1);
        if (urlLength > MAX_URL_LENGTH) {
            empty(response, callback, 414);
            return;
        }
        String method = request.getMethod();
        List<String> segments = PathSegments.split(rawPath);
        for (SystemRoute route : systemRoutes) {
            if (route.serves(segments)) {
                route.handle(request, response, callback, segments, QueryString.parse(rawQuery));
                return;
            }
        }
        RouteTable.Lookup<HttpEndpoint> lookup = routes.find(method, segments);
        if (!lookup.found()) {
            if (lookup.methodNotAllowed()) {
                response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", lookup.allow()));
                empty(response, callback, 405);
            } else {
                empty(response, callback, 404);
            }
            return;
        }
        HttpEndpoint endpoint = lookup.route().target();
        Map<String, String> query = QueryString.parse(rawQuery);
        HttpFields fields = request.getHeaders();
        if (!keys.allows(endpoint.authLevel(), presentedKey(fields, query))) {
            empty(response, callback, 401);
            return;
        }
        long length = request.getLength();
        if (length > maxBodyBytes || length > MAX_ARRAY_BYTES) {
            // Read a modest excess before answering, so the client (still sending) reliably sees the 413 instead of
            // a reset connection; a far larger body is not read, the connection closes after the answer.
            if (length - maxBodyBytes <= DRAIN_BEFORE_413_BYTES) {
                drain(request);
            }
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            empty(response, callback, 413);
            return;
        }
        Object body = null;
        if (length > 0) {
            body = RequestBodies.typed(readExactly(request, (int) length), fields.get(HttpHeader.CONTENT_TYPE));
        } else if (length < 0 && fields.contains(HttpHeader.TRANSFER_ENCODING)) {
            // Contract §1: a body without Content-Length never reaches the function, but it still counts against the limit.
            if (drain(request) > maxBodyBytes) {
                empty(response, callback, 413);
                return;
            }
        }
        HttpTriggerInput input = new HttpTriggerInput(url(uri), method, headers(fields), query, body, lookup.values());
        invoke(endpoint.function(), input, response, callback);
    }

    private void invoke(LoadedFunction function, HttpTriggerInput input, Response response, Callback callback) {
        InvocationContext context = new InvocationContext(function.name(), functionLog);
        long start = System.nanoTime();
        HttpResult result;
        try {
            result = HttpResult.from(function.invoker().invoke(context, input));
        } catch (FunctionFailedException | BindingException e) {
            LOG.error("Executed 'Functions.{}' (Failed, Id={}, Duration={}ms)", function.name(), context.getInvocationId(),
                    (System.nanoTime() - start) / 1_000_000, e.getCause() != null ? e.getCause() : e);
            empty(response, callback, 500);
            return;
        } catch (RuntimeException | Error e) {
            // The response body could not be produced (e.g. Gson could not serialise the returned object).
            LOG.error("Executed 'Functions.{}' (Failed, Id={}): cannot write the response", function.name(), context.getInvocationId(), e);
            empty(response, callback, 500);
            return;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("Executed 'Functions.{}' (Succeeded, Id={}, Duration={}ms)", function.name(), context.getInvocationId(),
                    (System.nanoTime() - start) / 1_000_000);
        }
        write(response, callback, result, function.name());
    }

    private static void write(Response response, Callback callback, HttpResult result, String functionName) {
        int status = result.status();
        if (status < 100 || status > 999) {
            LOG.error("function '{}' returned an invalid HTTP status {}", functionName, status);
            text(response, callback, 500, "Function '" + functionName + "' returned an invalid status");
            return;
        }
        HttpFields.Mutable out = response.getHeaders();
        boolean contentTypeSet = false;
        for (Map.Entry<String, String> header : result.headers().entrySet()) {
            String name = header.getKey();
            if (header.getValue() == null || name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")) {
                continue;
            }
            contentTypeSet |= name.equalsIgnoreCase("content-type");
            out.put(name, header.getValue());
        }
        byte[] body = status < 200 || status == 204 || status == 304 ? BufferUtil.EMPTY_BYTES : result.body();
        if (!contentTypeSet && result.defaultContentType() != null && body.length > 0) {
            out.put(HttpHeader.CONTENT_TYPE, result.defaultContentType());
        }
        response.setStatus(status);
        out.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, body.length == 0 ? BufferUtil.EMPTY_BUFFER : ByteBuffer.wrap(body), callback);
    }

    /** Header {@code x-functions-key} if sent and not empty, else query {@code code} (docs/functions-host.md §1.2). */
    private static String presentedKey(HttpFields fields, Map<String, String> query) {
        String header = fields.get(KeyAuthorizer.KEY_HEADER);
        if (header != null && !header.isEmpty()) {
            return header;
        }
        return QueryString.get(query, KeyAuthorizer.KEY_QUERY);
    }

    /** Lower-cased names; repeated headers joined with "," (StringValues.ToString); empty values kept (docs/functions-host.md §1). */
    private static Map<String, String> headers(HttpFields fields) {
        Map<String, String> headers = new LinkedHashMap<>(fields.size() * 2);
        for (HttpField field : fields) {
            String name = field.getLowerCaseName();
            if (name == null) {
                name = field.getName().toLowerCase(Locale.ROOT);
            }
            String value = field.getValue() == null ? "" : field.getValue();
            headers.merge(name, value, (a, b) -> a + "," + b);
        }
        return headers;
    }

    private static String url(HttpURI uri) {
        StringBuilder url = new StringBuilder(64).append(uri.getScheme() == null ? "http" : uri.getScheme()).append("://");
        if (uri.getAuthority() != null) {
            url.append(uri.getAuthority());
        }
        url.append(uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath());
        if (uri.getQuery() != null) {
            url.append('?').append(uri.getQuery());
        }
        return url.toString();
    }

    private static byte[] readExactly(Request request, int length) throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes(length);
            if (bytes.length != length) {
                throw new IOException("request body ended after " + bytes.length + " of " + length + " bytes");
            }
            return bytes;
        }
    }

    /** Reads and discards a body of unknown length; stops counting once past the limit. */
    private long drain(Request request) throws IOException {
        long total = 0;
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = Content.Source.asInputStream(request)) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                total += read;
                if (total > maxBodyBytes) {
                    return total;
                }
            }
        }
        return total;
    }

    private static void empty(Response response, Callback callback, int status) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        response.write(true, BufferUtil.EMPTY_BUFFER, callback);
    }

    private static void text(Response response, Callback callback, int status, String message) {
        byte[] bytes = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        response.getHeaders().clear();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, HttpResult.TEXT);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
