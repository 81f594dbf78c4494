package com.aisaas.testing;

import com.aisaas.devhost.services.LocalServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Real PostgreSQL, Redis and Azurite for integration tests, through devhost's {@link LocalServices}. */
public final class TestServices {

    private TestServices() {
    }

    public static LocalServices services() {
        return LocalServices.shared();
    }

    /** A new, empty database on the shared server; returns its JDBC URL. */
    public static String freshDatabase(String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        return services().postgres().createDatabase(name);
    }

    /** App settings pointing at the shared services, with a fresh database; callers may change the map. */
    public static Map<String, String> appEnvironment(String databasePrefix) {
        Map<String, String> env = new HashMap<>(services().settings());
        env.put("DB_URL", freshDatabase(databasePrefix));
        env.put("APP_ENVIRONMENT", "local");
        env.put("DB_RETRY_BASE_DELAY_MS", "10");
        return env;
    }

    /** A loopback port nothing listens on (it was free a moment ago). */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
