package com.aisaas.devhost.services;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A {@code redis-server} of the machine (PATH, or the environment variable {@value #BINARY_VARIABLE}), started
 * without persistence on a loopback port. {@link #stop()} and {@link #start()} keep the port, so that fault
 * tests can take Redis away and bring it back where the client expects it.
 */
public final class LocalRedis extends LocalService {
    /** Names the redis-server binary to use instead of the one on PATH. */
    public static final String BINARY_VARIABLE = "REDIS_SERVER_BINARY";
    static final String MISSING = "redis-server not found: install it with `apt-get install redis-server` or set "
            + BINARY_VARIABLE;
    static final String PID_FILE = "redis.pid";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

    private final Path binary;
    private final Path dataDir;
    private final int port;
    private final ChildProcess process;

    LocalRedis(Map<String, String> env, Path dataDir, Path logDir, int port) {
        super("redis");
        this.binary = resolveBinary(env);
        this.dataDir = dataDir;
        this.port = port;
        this.process = new ChildProcess("redis", logDir.resolve("redis.log"), dataDir.resolve(PID_FILE));
    }

    /** The redis-server binary to run, or an exception that says how to install or name one. */
    static Path resolveBinary(Map<String, String> env) {
        return Executables.resolve("redis-server", BINARY_VARIABLE, env, MISSING);
    }

    @Override
    void doStart() {
        createDirectories(dataDir);
        process.start(List.of(binary.toString(),
                        "--port", Integer.toString(port),
                        "--bind", Ports.HOST,
                        "--save", "",
                        "--appendonly", "no",
                        "--daemonize", "no",
                        "--dir", dataDir.toString()),
                dataDir, Map.of(), "redis-server " + port);
        process.awaitReady(this::answersPing, STARTUP_TIMEOUT);
    }

    @Override
    void doStop() {
        process.stop(Duration.ofSeconds(5));
    }

    @Override
    public boolean isRunning() {
        return process.isAlive();
    }

    /** The loopback port, the same across {@link #stop()} and {@link #start()}. */
    public int port() {
        return port;
    }

    public String host() {
        return Ports.HOST;
    }

    /** {@code redis://127.0.0.1:<port>} (no password: the server binds to loopback only). */
    public String url() {
        return "redis://" + Ports.HOST + ":" + port;
    }

    /** Whether the server answers PING with PONG right now. */
    public boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Ports.HOST, port), 250);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] expected = "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] reply = in.readNBytes(expected.length);
            return java.util.Arrays.equals(expected, reply);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "redis " + url();
    }
}
