package com.aisaas.devhost.host.http;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A path the host itself serves before any function route: the extension webhooks ({@code /runtime/webhooks/...},
 * docs/functions-host.md §2.1) and the admin API ({@code /admin/functions/<name>}, §4).
 */
public interface SystemRoute {

    /** Whether this route serves the path of {@code segments} (decoded path segments). */
    boolean serves(List<String> segments);

    /** Answers the request, completing {@code callback}. */
    void handle(Request request, Response response, Callback callback, List<String> segments, Map<String, String> query)
            throws IOException;
}
