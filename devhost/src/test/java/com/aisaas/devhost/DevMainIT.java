package com.aisaas.devhost;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.devhost.services.LocalServices;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as a process: settings merged under the real environment, a missing service started and filled
 * in, named services used as they are, and on SIGTERM the host stopped before the services.
 */
class DevMainIT {
    @TempDir
    Path dir;

    @Test
    void launcher_startsMissingServices_passesTheEnvironment_andStopsHostThenServicesOnSigterm() throws Exception {
        LocalServices shared = LocalServices.shared();
        Path app = Files.createDirectories(dir.resolve("app"));
        Path settings = dir.resolve("local.settings.json");
        Files.writeString(settings, """
                {"IsEncrypted": false, "Values": {
                  "DB_URL": "%s", "REDIS_URL": "", "UploadsStorage": "%s", "AzureWebJobsStorage": "%s",
                  "LOG_LEVEL": "INFO", "FROM_SETTINGS": "yes"}}
                """.formatted(shared.postgres().jdbcUrl(), shared.azurite().connectionString(),
                shared.azurite().connectionString()));
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-D" + DevMain.HOST_MAIN_PROPERTY + "=" + StandInHost.class.getName(),
                DevMain.class.getName(), "--app", app.toString(), "--port", Integer.toString(port),
                "--settings", settings.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("launcher.out").toFile());
        builder.environment().put("LOG_LEVEL", "DEBUG");
        builder.environment().put(DevMain.DATA_DIR_VARIABLE, dir.resolve("data").toString());
        builder.environment().remove("REDIS_URL");

        Process launcher = builder.start();
        try {
            Path envFile = app.resolve("env.properties");
            awaitTrue(() -> Files.exists(envFile) && output().contains("Try: curl http://localhost:" + port), launcher);
            Properties env = new Properties();
            try (InputStream in = Files.newInputStream(envFile)) {
                env.load(in);
            }

            assertThat(env.getProperty("DB_URL")).isEqualTo(shared.postgres().jdbcUrl());
            assertThat(env.getProperty("LOG_LEVEL")).isEqualTo("DEBUG");
            assertThat(env.getProperty("FROM_SETTINGS")).isEqualTo("yes");
            URI redis = URI.create(env.getProperty("REDIS_URL"));
            assertThat(redis.getScheme()).isEqualTo("redis");
            assertThat(ping(redis.getPort())).isTrue();
            assertThat(output()).contains("started by devhost").contains("from DB_URL")
                    .contains("skipping 'LOG_LEVEL'")
                    .doesNotContain(com.aisaas.devhost.services.LocalAzurite.ACCOUNT_KEY);

            launcher.destroy();

            assertThat(launcher.waitFor(40, TimeUnit.SECONDS)).as(output()).isTrue();
            assertThat(app.resolve("stopped")).exists();
            assertThat(ping(redis.getPort())).isFalse();
            assertThat(ping(shared.redis().port())).isTrue();
        } finally {
            launcher.destroyForcibly();
        }
    }

    private String output() {
        try {
            return Files.readString(dir.resolve("launcher.out"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private void awaitTrue(java.util.function.BooleanSupplier condition, Process launcher) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(launcher.isAlive()).as("launcher exited early:\n" + output()).isTrue();
            assertThat(System.nanoTime()).as("launcher not ready in time:\n" + output()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static boolean ping(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readNBytes(5), StandardCharsets.US_ASCII).equals("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** Stands in for HostMain: records its environment, listens on --port, marks SIGTERM. */
    public static final class StandInHost {
        public static void main(String[] args) throws Exception {
            Path app = Path.of(args[1]);
            int port = Integer.parseInt(args[3]);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Files.writeString(app.resolve("stopped"), "SIGTERM");
                } catch (IOException ignored) {
                    // the test sees the missing marker
                }
            }));
            try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
                Properties env = new Properties();
                env.putAll(System.getenv());
                Path tmp = app.resolve("env.tmp");
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    env.store(out, null);
                }
                Files.move(tmp, app.resolve("env.properties"));
                while (true) {
                    server.accept().close();
                }
            }
        }
    }
}
