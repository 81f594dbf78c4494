package com.aisaas.devhost.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback port helpers. */
final class Ports {
    static final String HOST = "127.0.0.1";

    private Ports() {
    }

    /** A port nobody listens on right now (the OS picks it). */
    static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** Whether we could listen on {@code port} on the loopback address. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // TIME_WAIT leftovers of a stopped server do not block it
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The port to use: {@code preferred} when it is set and free; a free port when {@code preferred} is 0, or
     * when it is busy and {@code fallback} allows it; otherwise an exception naming the busy port.
     */
    static int choose(String service, int preferred, boolean fallback) {
        if (preferred <= 0) {
            return free();
        }
        if (isFree(preferred)) {
            return preferred;
        }
        if (fallback) {
            return free();
        }
        throw new LocalServiceException(service + ": port " + preferred + " is already in use");
    }

    /** Whether something accepts TCP connections on the loopback {@code port}. */
    static boolean accepts(int port, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), timeoutMillis);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
