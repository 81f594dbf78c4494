package com.aisaas.devhost.host.timer;

import com.aisaas.devhost.host.http.AuthLevel;
import com.aisaas.devhost.host.http.KeyAuthorizer;
import com.aisaas.devhost.host.http.QueryString;
import com.aisaas.devhost.host.http.SystemRoute;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's {@code POST /admin/functions/{name}} (the real host's FunctionsController.Invoke): with the master key
 * ({@code x-functions-key}, else {@code code}; otherwise 401) and a JSON body {@code {"input": "..."}} (none, or not such
 * an object: 400), it starts the function in the background and answers 202. Locally it runs timer functions; other
 * functions answer 400 (call HTTP functions by their route, post events to their webhook), unknown names 404. Errors are
 * {@code application/problem+json}. Other methods on that path answer 405.
 */
public final class AdminHandler implements SystemRoute {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    private static final long MAX_BODY_BYTES = 1024 * 1024;
    static final String PROBLEM_JSON = "application/problem+json";

    private final KeyAuthorizer keys;
    private final TimerTriggerSupport timers;
    private final Function<String, String> triggerTypeOf;

    /**
     * @param timers        the host's timer support, or null when the app has no timer functions
     * @param triggerTypeOf the trigger type of a function by name (case-insensitive), or null when there is no such function
     */
    public AdminHandler(KeyAuthorizer keys, TimerTriggerSupport timers, Function<String, String> triggerTypeOf) {
        this.keys = keys;
        this.timers = timers;
        this.triggerTypeOf = triggerTypeOf;
    }

    /** {@code admin/functions/<name>}, matched case-insensitively. */
    @Override
    public boolean serves(List<String> segments) {
        return segments.size() == 3 && segments.get(0).equalsIgnoreCase("admin") && segments.get(1).equalsIgnoreCase("functions");
    }

    @Override
    public void handle(Request request, Response response, Callback callback, List<String> segments, Map<String, String> query) throws IOException {
        String name = segments.get(2);
        if (!request.getMethod().equalsIgnoreCase("POST")) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            write(response, callback, 405, null);
            return;
        }
        String header = request.getHeaders().get(KeyAuthorizer.KEY_HEADER);
        String presented = header != null && !header.isEmpty() ? header : QueryString.get(query, KeyAuthorizer.KEY_QUERY);
        if (!keys.allows(AuthLevel.ADMIN, presented)) {
            write(response, callback, 401, null);
            return;
        }
        long length = request.getLength();
        if (length > MAX_BODY_BYTES) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            write(response, callback, 413, problem(413, "Body too large", "the invocation body is limited to 1 MiB"));
            return;
        }
        String body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = new String(in.readNBytes((int) MAX_BODY_BYTES), StandardCharsets.UTF_8);
        }
        if (!isInvocation(body)) {
            write(response, callback, 400, problem(400, "Invalid invocation",
                    "the body must be a JSON object such as {\"input\": \"\"}"));
            return;
        }
        String type = triggerTypeOf.apply(name);
        if (type == null) {
            write(response, callback, 404, problem(404, "Function not found", "no function named '" + name + "' in this app"));
            return;
        }
        if (type.equalsIgnoreCase(TimerTriggerSupport.TYPE) && (timers == null || !timers.has(name))) {
            write(response, callback, 400, problem(400, "Function in error",
                    "'" + name + "' is in error and cannot run; the host log at startup says why"));
            return;
        }
        if (timers == null || !timers.has(name)) {
            write(response, callback, 400, problem(400, "Not invocable through the admin API locally",
                    "'" + name + "' is a " + type + " function; devhost runs only timer functions through the admin API "
                            + "(call HTTP functions by their route, post events to their webhook)"));
            return;
        }
        if (!timers.invokeNow(name)) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
            write(response, callback, 503, problem(503, "Host busy or stopping", "the invocation of '" + name + "' was not started"));
            return;
        }
        LOG.info("admin API: invoking '{}' now", name);
        write(response, callback, 202, null);
    }

    /** A JSON object ({@code input} may be absent, as ASP.NET binds it to null). */
    private static boolean isInvocation(String body) {
        if (body.isBlank()) {
            return false;
        }
        try {
            JsonElement element = JsonParser.parseString(body);
            if (!element.isJsonObject()) {
                return false;
            }
            JsonObject object = element.getAsJsonObject();
            JsonElement input = null;
            for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
                if (entry.getKey().toLowerCase(Locale.ROOT).equals("input")) {
                    input = entry.getValue();
                }
            }
            return input == null || input.isJsonNull() || input.isJsonPrimitive();
        } catch (JsonParseException e) {
            return false;
        }
    }

    private static String problem(int status, String title, String detail) {
        JsonObject problem = new JsonObject();
        problem.addProperty("type", "about:blank");
        problem.addProperty("title", title);
        problem.addProperty("status", status);
        problem.addProperty("detail", detail);
        return problem.toString();
    }

    private static void write(Response response, Callback callback, int status, String problemJson) {
        response.setStatus(status);
        byte[] body = problemJson == null ? BufferUtil.EMPTY_BYTES : problemJson.getBytes(StandardCharsets.UTF_8);
        if (body.length > 0) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, PROBLEM_JSON);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, body.length == 0 ? BufferUtil.EMPTY_BUFFER : ByteBuffer.wrap(body), callback);
    }
}
