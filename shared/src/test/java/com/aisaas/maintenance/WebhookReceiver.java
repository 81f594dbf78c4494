package com.aisaas.maintenance;

import com.aisaas.common.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A tiny local HTTP server that stands in for the alert webhook receiver: keeps every JSON body POSTed to it. */
final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<Map<String, Object>> bodies = new ArrayList<>();

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/alerts", exchange -> {
            Map<String, Object> body = Json.mapper().readValue(exchange.getRequestBody().readAllBytes(),
                    new TypeReference<>() { });
            synchronized (bodies) {
                bodies.add(body);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/alerts?token=not-logged");
    }

    List<Map<String, Object>> bodies() {
        synchronized (bodies) {
            return List.copyOf(bodies);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
