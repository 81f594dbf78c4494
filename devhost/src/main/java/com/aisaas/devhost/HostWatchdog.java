package com.aisaas.devhost;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/**
 * Tells a wedged host JVM from a busy one. The host answers {@code /admin/host/ping} on its HTTP threads without a
 * function thread, so a host busy with long invocations still answers; a host that does not answer for
 * {@code allowedMisses} pings in a row while its process is alive (a heap exhausted outside the app's invocations, a
 * deadlock) is wedged, and the launcher restarts it — as the Functions host restarts a worker that stopped answering.
 */
final class HostWatchdog {

    /** Pings the host; true when it answered in time. */
    @FunctionalInterface
    interface Probe {
        boolean answers();
    }

    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Six missed pings in a row (a minute without an answer) make the host wedged. */
    static final int ALLOWED_MISSES = 6;

    private final Probe probe;
    private final int allowedMisses;
    private int misses;
    private boolean answeredOnce;

    HostWatchdog(Probe probe, int allowedMisses) {
        this.probe = probe;
        this.allowedMisses = allowedMisses;
    }

    /** A probe of {@code GET http://127.0.0.1:<port>/admin/host/ping}. */
    static Probe ping(int port, Duration timeout) {
        return () -> {
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/admin/host/ping").toURL()
                        .openConnection();
                connection.setConnectTimeout((int) timeout.toMillis());
                connection.setReadTimeout((int) timeout.toMillis());
                try {
                    return connection.getResponseCode() == 200;
                } finally {
                    connection.disconnect();
                }
            } catch (IOException e) {
                return false;
            }
        };
    }

    /**
     * One check. Misses count only after the host has answered once (a starting host is not wedged).
     *
     * @return true when the host is wedged now (the count starts again)
     */
    synchronized boolean wedged() {
        if (probe.answers()) {
            answeredOnce = true;
            misses = 0;
            return false;
        }
        if (!answeredOnce) {
            return false;
        }
        misses++;
        if (misses >= allowedMisses) {
            misses = 0;
            answeredOnce = false;
            return true;
        }
        return false;
    }

    synchronized int misses() {
        return misses;
    }
}
