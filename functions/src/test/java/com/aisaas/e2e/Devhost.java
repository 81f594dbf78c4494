package com.aisaas.e2e;

import com.aisaas.devhost.services.RepoRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged app running under devhost's launcher in a JVM of its own, exactly as {@code bin/run} runs it:
 * only devhost's own class path (the app is loaded from {@code functions/target/azure-functions/...}), settings
 * from {@code local.settings.sample.json} with the given environment taking precedence.
 */
final class Devhost implements AutoCloseable {

    static final String APP_NAME = "aisaas-dashboard-func";
    static final String FUNCTION_KEY = "e2e-function-key";
    static final String MASTER_KEY = "e2e-master-key";

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Devhost(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static Path repoRoot() {
        return RepoRoot.find();
    }

    static Path appPackage() {
        Path app = repoRoot().resolve("functions/target/azure-functions").resolve(APP_NAME);
        if (!Files.isDirectory(app)) {
            throw new IllegalStateException("no package at " + app + ": run the package phase first (mvn verify does)");
        }
        return app;
    }

    /** Starts the launcher with {@code settings} over the process environment and waits for the first 200. */
    /**
     * App settings for a test host: the shared local services, the given database, and the test token issuer
     * ({@link Tokens}); callers add their own.
     */
    static Map<String, String> settings(com.aisaas.devhost.services.LocalServices services, String databaseUrl) {
        Map<String, String> settings = new java.util.HashMap<>(services.settings());
        settings.put("DB_URL", databaseUrl);
        settings.put("JWT_SIGNING_KEY", Tokens.SIGNING_KEY);
        settings.put("AUTH_ISSUER", Tokens.ISSUER);
        settings.put("AUTH_AUDIENCE", Tokens.AUDIENCE);
        return settings;
    }

    static Devhost start(Map<String, String> settings) {
        return start(settings, Duration.ofSeconds(180));
    }

    /** As {@link #start(Map)}, waiting up to {@code startup} for the first answer (a loaded machine starts slowly). */
    static Devhost start(Map<String, String> settings, Duration startup) {
        Path root = repoRoot();
        int port = freePort();
        try {
            Path log = Files.createTempFile("devhost-e2e-", ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", devhostClassPath(root),
                    "com.aisaas.devhost.DevMain",
                    "--app", appPackage().toString(),
                    "--port", Integer.toString(port),
                    "--settings", root.resolve("local.settings.sample.json").toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(settings);
            builder.environment().put("DEVHOST_FUNCTION_KEY", FUNCTION_KEY);
            builder.environment().put("DEVHOST_MASTER_KEY", MASTER_KEY);
            builder.environment().put("DEVHOST_JAVA_OPTS", "-Xmx256m");
            Devhost devhost = new Devhost(builder.start(), log, port);
            devhost.awaitListening(startup);
            return devhost;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String devhostClassPath(Path root) throws IOException {
        Path target = root.resolve("devhost/target");
        Path classpath = target.resolve("classpath.txt");
        if (!Files.isRegularFile(classpath)) {
            throw new IllegalStateException("no " + classpath + ": package devhost first (mvn verify does)");
        }
        return target.resolve("classes") + java.io.File.pathSeparator
                + Files.readString(classpath, StandardCharsets.UTF_8).trim();
    }

    private void awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("devhost exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                if (get("/api/health/live").statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException("devhost did not answer within " + timeout + ":\n" + output());
    }

    HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = request(path).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    /** A request to {@code path} on this host (60 s timeout); finish it and pass it to {@link #send}. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(60));
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The output once it contains every one of {@code parts}; fails after {@code timeout}. */
    String awaitOutput(Duration timeout, String... parts) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String output = output();
            if (java.util.Arrays.stream(parts).allMatch(output::contains)) {
                return output;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("devhost's output did not show " + java.util.Arrays.toString(parts) + " within "
                        + timeout + ":\n" + output);
            }
            sleep(50);
        }
    }

    /** Everything the launcher, the host and the app printed so far. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Kills the launcher and the host JVM it started at once (SIGKILL), as a lost worker machine would. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops it as Ctrl-C would (SIGTERM) and returns its exit code. */
    int stop() {
        process.destroy();
        try {
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException("devhost did not stop within 40 s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
