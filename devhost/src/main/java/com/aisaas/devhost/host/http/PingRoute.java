package com.aisaas.devhost.host.http;

import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET|POST /admin/host/ping}: 200 with no body and no key, as the real host's HostController.Ping answers. It
 * needs no function thread, so a host busy with long invocations still answers it and only a wedged one does not; the
 * launcher's watchdog relies on that (docs/functions-host.md §8.4).
 */
public final class PingRoute implements SystemRoute {

    @Override
    public boolean serves(List<String> segments) {
        return segments.size() == 3 && segments.get(0).equalsIgnoreCase("admin") && segments.get(1).equalsIgnoreCase("host")
                && segments.get(2).equalsIgnoreCase("ping");
    }

    @Override
    public void handle(Request request, Response response, Callback callback, List<String> segments, Map<String, String> query) {
        String method = request.getMethod();
        if (!"GET".equalsIgnoreCase(method) && !"POST".equalsIgnoreCase(method) && !"HEAD".equalsIgnoreCase(method)) {
            response.setStatus(HttpStatus.METHOD_NOT_ALLOWED_405);
            response.getHeaders().put(HttpHeader.ALLOW, "GET, POST");
        } else {
            response.setStatus(HttpStatus.OK_200);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store, no-cache");
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        callback.succeeded();
    }
}
