package com.aisaas.testing;

import com.aisaas.config.AuthMode;
import com.aisaas.config.DatabaseSettings;
import com.aisaas.db.Database;
import com.aisaas.devhost.services.LocalPostgres;
import com.aisaas.devhost.services.LocalServices;
import com.aisaas.secrets.SecretResolver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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

    /**
     * Settings of {@code url} with the three local roles: the app connects as the runtime role, so row-level
     * security applies to every test, and migrates as the schema owner.
     */
    public static DatabaseSettings databaseSettings(String url, int poolSize, Duration connectionTimeout,
                                                    int retryAttempts, boolean migrate) {
        return new DatabaseSettings(url, LocalPostgres.RUNTIME_ROLE, AuthMode.PASSWORD, Optional.empty(), poolSize, 0,
                connectionTimeout, retryAttempts, Duration.ofMillis(10), migrate, LocalPostgres.MAINTENANCE_ROLE,
                Optional.of(LocalPostgres.OWNER_ROLE));
    }

    /** The local roles' passwords, as the app reads them (no vault). */
    public static SecretResolver databaseSecrets() {
        return new SecretResolver(Map.of("DB_PASSWORD", LocalPostgres.PASSWORD,
                "DB_MAINTENANCE_PASSWORD", LocalPostgres.PASSWORD, "DB_MIGRATION_PASSWORD", LocalPostgres.PASSWORD),
                Optional.empty(), Duration.ZERO, uri -> {
                    throw new AssertionError("no vault");
                }, Clock.systemUTC());
    }

    /** The runtime role's database on {@code url}, migrated. */
    public static Database runtimeDatabase(String url) {
        return Database.connect(databaseSettings(url, 4, Duration.ofSeconds(5), 3, true), databaseSecrets(),
                new SimpleMeterRegistry(), Optional.empty(), Clock.systemUTC());
    }

    /** The maintenance role's database on {@code url} (migrate it first, e.g. with {@link #runtimeDatabase}). */
    public static Database maintenanceDatabase(String url) {
        return Database.connectMaintenance(databaseSettings(url, 4, Duration.ofSeconds(5), 3, false),
                databaseSecrets(), new SimpleMeterRegistry(), Optional.empty(), Clock.systemUTC());
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
