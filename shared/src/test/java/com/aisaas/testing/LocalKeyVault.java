package com.aisaas.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for Azure Key Vault's secrets data plane, for tests of the app's Key Vault path through the real
 * {@code azure-security-keyvault-secrets} SDK. There is no Key Vault emulator: this implements the calls the app makes,
 * as the REST reference describes them, and nothing else.
 *
 * <ul>
 *   <li>{@code GET /secrets/{name}} (latest version), {@code GET /secrets/{name}/{version}}, and
 *       {@code GET /secrets?maxresults=n} (one page of secret properties), each requiring {@code api-version};</li>
 *   <li>the challenge: a request without a bearer token gets {@code 401} with
 *       {@code WWW-Authenticate: Bearer authorization="https://login.microsoftonline.com/<tenant>",
 *       resource="https://vault.azure.net"}; a token must be a JWT for audience {@code https://vault.azure.net}, that
 *       tenant, and not expired (its signature is not checked); an object id not allowed gets {@code 403}
 *       {@code ForbiddenByRbac};</li>
 *   <li>errors as Key Vault shapes them: {@code 404 SecretNotFound}, {@code 503} while {@link #down(boolean)}.</li>
 * </ul>
 *
 * <p>HTTPS on a loopback port with a {@link LocalTls} certificate valid for {@code *.vault.azure.net}, reached through
 * a CONNECT proxy (also on loopback) that tunnels {@code <vault>.vault.azure.net:443} to it, so that clients use real
 * vault URLs (the SDK checks that the challenge's resource matches the vault's domain) without DNS changes.
 */
public final class LocalKeyVault implements AutoCloseable {

    public static final String RESOURCE = "https://vault.azure.net";
    private static final Pattern SECRET_PATH = Pattern.compile("/secrets/([0-9A-Za-z-]{1,127})(?:/([0-9a-f]{32}))?/?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String tenantId;
    private final HttpsServer server;
    private final ServerSocket proxy;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "local-keyvault");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, List<Version>> secrets = new ConcurrentHashMap<>();
    private final Set<String> forbidden = ConcurrentHashMap.newKeySet();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile boolean down;

    private LocalKeyVault(String tenantId, LocalTls tls) throws IOException {
        this.tenantId = tenantId;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        server = HttpsServer.create(new InetSocketAddress(loopback, 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
        proxy = new ServerSocket(0, 50, loopback);
        threads.execute(this::acceptTunnels);
    }

    /** Starts a vault of tenant {@code tenantId} presenting {@code tls}'s certificate (it must cover the vault host). */
    public static LocalKeyVault start(String tenantId, LocalTls tls) {
        try {
            return new LocalKeyVault(tenantId, tls);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The port of the CONNECT proxy that leads to this vault. */
    public int proxyPort() {
        return proxy.getLocalPort();
    }

    /** Adds a new current version of {@code name}; returns its version id. */
    public String put(String name, String value) {
        String version = UUID.randomUUID().toString().replace("-", "");
        secrets.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new CopyOnWriteArrayList<>()).add(new Version(version, value, Instant.now()));
        return version;
    }

    /** Refuses every request from tokens of {@code objectId} with 403 (the identity holds no role on the vault). */
    public void forbid(String objectId) {
        forbidden.add(objectId);
    }

    /** While down, every request gets 503. */
    public void down(boolean isDown) {
        this.down = isDown;
    }

    /** Every request, in order of arrival. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** One request as the vault saw it: whether it carried a bearer token, and the status answered. */
    public record Request(String method, String host, String path, String apiVersion, boolean bearer, int status) {
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String host = exchange.getRequestHeaders().getFirst("Host");
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            boolean bearer = authorization != null && authorization.startsWith("Bearer ");
            int status = respond(exchange, path, query, host == null ? "" : host.replaceFirst(":443$", ""),
                    authorization);
            // the SDK asks for the current version as /secrets/{name}/ (an empty version segment): recorded without it
            requests.add(new Request(exchange.getRequestMethod(), host, path.replaceAll("/+$", ""),
                    query.get("api-version"), bearer, status));
        }
    }

    private int respond(HttpExchange exchange, String path, Map<String, String> query, String host,
                        String authorization) throws IOException {
        if (down) {
            return error(exchange, 503, "ServiceUnavailable", "The service is unavailable.");
        }
        if (query.get("api-version") == null) {
            return error(exchange, 400, "BadParameter", "The request URI must contain an api-version parameter.");
        }
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer authorization=\"https://login.microsoftonline.com/"
                    + tenantId + "\", resource=\"" + RESOURCE + "\"");
            return error(exchange, 401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
        }
        JWTClaimsSet claims;
        try {
            claims = SignedJWT.parse(authorization.substring("Bearer ".length())).getJWTClaimsSet();
        } catch (java.text.ParseException e) {
            return invalidToken(exchange, "AKV10000: Request is missing a Bearer or PoP token.");
        }
        Date expires = claims.getExpirationTime();
        if (!claims.getAudience().contains(RESOURCE) || !tenantId.equals(claims.getClaim("tid"))
                || expires == null || expires.toInstant().isBefore(Instant.now())) {
            return invalidToken(exchange, "AKV10022: Invalid audience, tenant or lifetime.");
        }
        if (forbidden.contains(String.valueOf(claims.getClaim("oid")))) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", Map.of("code", "Forbidden", "message", "Caller is not authorized to perform action on"
                    + " resource.", "innererror", Map.of("code", "ForbiddenByRbac")));
            return json(exchange, 403, body);
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            return error(exchange, 405, "MethodNotAllowed", "Only the read calls the app makes are implemented.");
        }
        if (path.equals("/secrets") || path.equals("/secrets/")) {
            List<Object> items = new ArrayList<>();
            int max = Integer.parseInt(query.getOrDefault("maxresults", "25"));
            secrets.forEach((name, versions) -> {
                if (items.size() < max) {
                    items.add(Map.of("id", "https://" + host + "/secrets/" + name, "attributes", attributes(versions.get(0))));
                }
            });
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("value", items);
            body.put("nextLink", null);
            return json(exchange, 200, body);
        }
        Matcher matcher = SECRET_PATH.matcher(path);
        if (!matcher.matches()) {
            return error(exchange, 404, "NotFound", "Not found.");
        }
        String name = matcher.group(1);
        String version = matcher.group(2);
        List<Version> versions = secrets.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        Version found = version == null
                ? (versions.isEmpty() ? null : versions.get(versions.size() - 1))
                : versions.stream().filter(v -> v.id.equals(version)).findFirst().orElse(null);
        if (found == null) {
            return error(exchange, 404, "SecretNotFound", "A secret with (name/id) " + name
                    + (version == null ? "" : "/" + version) + " was not found in this key vault.");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", found.value);
        body.put("id", "https://" + host + "/secrets/" + name + "/" + found.id);
        body.put("attributes", attributes(found));
        body.put("tags", Map.of());
        return json(exchange, 200, body);
    }

    private static Map<String, Object> attributes(Version version) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("enabled", true);
        attributes.put("created", version.created.getEpochSecond());
        attributes.put("updated", version.created.getEpochSecond());
        attributes.put("recoveryLevel", "Recoverable+Purgeable");
        attributes.put("recoverableDays", 90);
        return attributes;
    }

    private int invalidToken(HttpExchange exchange, String message) throws IOException {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer authorization=\"https://login.microsoftonline.com/"
                + tenantId + "\", resource=\"" + RESOURCE + "\", error=\"invalid_token\"");
        return error(exchange, 401, "Unauthorized", message);
    }

    private static int error(HttpExchange exchange, int status, String code, String message) throws IOException {
        return json(exchange, status, Map.of("error", Map.of("code", code, "message", message)));
    }

    private static int json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
        return status;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    // ---- the CONNECT proxy: <vault>.vault.azure.net:443 -> the HTTPS server

    private void acceptTunnels() {
        while (!proxy.isClosed()) {
            try {
                Socket client = proxy.accept();
                threads.execute(() -> tunnel(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void tunnel(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            String[] requestLine = head.split("\r\n", 2)[0].split(" ");
            OutputStream out = client.getOutputStream();
            if (requestLine.length < 2 || !requestLine[0].equals("CONNECT")
                    || !requestLine[1].toLowerCase(Locale.ROOT).matches("[0-9a-z-]{3,24}\\.vault\\.azure\\.net:443")) {
                out.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort())) {
                out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                var back = threads.submit(() -> pipe(upstream.getInputStream(), out));
                pipe(in, upstream.getOutputStream());
                upstream.shutdownOutput();
                back.get();
            }
        } catch (Exception e) {
            // the client went away
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0 || head.length() > 8192) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static Void pipe(InputStream from, OutputStream to) throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        try {
            while ((n = from.read(buffer)) >= 0) {
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // one side closed
        }
        return null;
    }

    @Override
    public void close() {
        try {
            proxy.close();
        } catch (IOException ignored) {
            // closing
        }
        server.stop(0);
        threads.shutdownNow();
    }

    private record Version(String id, String value, Instant created) {
    }
}
