package com.aisaas.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.common.DependencyException;
import com.aisaas.config.AuthMode;
import com.aisaas.config.DatabaseSettings;
import com.aisaas.devhost.services.LocalPostgres;
import com.aisaas.devhost.services.LocalServices;
import com.aisaas.devhost.services.Service;
import com.aisaas.secrets.SecretResolver;
import com.aisaas.testing.FakeTokenCredentialProvider;
import com.aisaas.testing.FakeTokenCredentialProvider.Identity;
import com.aisaas.testing.LogCapture;
import com.azure.core.credential.TokenRequestContext;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DB_AUTH_MODE=entra: the app's pools log in with a Microsoft Entra access token as the password, fetched by
 * {@code azure-identity-extensions}' PostgreSQL authentication plugin for each new connection, for the managed
 * identity of each role (AZURE_CLIENT_ID for the runtime role, DB_MIGRATION_CLIENT_ID for the schema owner).
 *
 * <p>Azure Database for PostgreSQL checks the token itself; locally a PostgreSQL of this test's own checks a password
 * ({@code password} method in pg_hba.conf, as Azure's Entra login is a cleartext password over TLS; no TLS here) and
 * the test sets each role's password to the token its stand-in identity serves at that moment. So a login succeeds
 * only with the token that is current, and a rotated token is refused once the role's password has moved on: what
 * this proves is the client side (token per connection, per identity, for the OSS RDBMS scope, never logged), not
 * Azure's token validation. The stand-in identities enter through the plugin's {@code azure.tokenCredentialProviderClassName}
 * URL property; the plugin, pgjdbc, HikariCP and {@link Database} are the real code.
 */
class EntraTokenPasswordIT {

    private static final String SCOPE = "https://ossrdbms-aad.database.windows.net/.default";

    private static LocalServices services;
    private static String url;
    private Identity runtime;
    private Identity owner;
    private Database database;

    @BeforeAll
    static void start() throws Exception {
        services = LocalServices.start(LocalServices.Options.defaults().services(Service.POSTGRES));
        Path hba = services.postgres().dataDirectory().resolve("pg_hba.conf");
        Files.writeString(hba, "host all " + LocalPostgres.RUNTIME_ROLE + " 127.0.0.1/32 password\n"
                + "host all " + LocalPostgres.OWNER_ROLE + " 127.0.0.1/32 password\n"
                + Files.readString(hba, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        superuser("select pg_reload_conf()");
        awaitPasswordChecked();
        String jdbc = services.postgres().createDatabase("entra_" + UUID.randomUUID().toString().substring(0, 8));
        url = jdbc + "?azure.tokenCredentialProviderClassName=" + FakeTokenCredentialProvider.class.getName();
    }

    @AfterAll
    static void stop() {
        if (services != null) {
            services.close();
        }
    }

    @BeforeEach
    void identities() throws SQLException {
        runtime = FakeTokenCredentialProvider.register("runtime-" + UUID.randomUUID());
        owner = FakeTokenCredentialProvider.register("owner-" + UUID.randomUUID());
        setPassword(LocalPostgres.RUNTIME_ROLE, runtime.current());
        setPassword(LocalPostgres.OWNER_ROLE, owner.current());
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
        FakeTokenCredentialProvider.unregister(runtime);
        FakeTokenCredentialProvider.unregister(owner);
    }

    private Database connect(Duration connectionTimeout) {
        DatabaseSettings settings = new DatabaseSettings(url, LocalPostgres.RUNTIME_ROLE, AuthMode.ENTRA,
                Optional.empty(), 2, 0, connectionTimeout, 2, Duration.ofMillis(10), true,
                LocalPostgres.MAINTENANCE_ROLE, Optional.of(LocalPostgres.OWNER_ROLE),
                Map.of(DatabaseSettings.Role.MIGRATION, owner.clientId()));
        SecretResolver noPasswords = new SecretResolver(Map.of(), Optional.empty(), Duration.ZERO, vault -> {
            throw new AssertionError("no vault");
        }, Clock.systemUTC());
        database = Database.connect(settings, noPasswords, new SimpleMeterRegistry(), Optional.of(runtime.clientId()),
                Clock.systemUTC());
        return database;
    }

    private static String currentUser(Database db) {
        return db.query(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("select current_user");
                 ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        });
    }

    @Test
    void eachRole_logsInWithItsOwnIdentitysToken_forTheOssRdbmsScope() {
        Database db = connect(Duration.ofSeconds(5));

        assertThat(currentUser(db)).isEqualTo(LocalPostgres.RUNTIME_ROLE);
        assertThat(owner.requests()).as("the migration ran as the owner, with the owner's identity").isNotEmpty();
        assertThat(runtime.requests()).isNotEmpty();
        assertThat(runtime.requests()).extracting(TokenRequestContext::getScopes).containsOnly(List.of(SCOPE));
        assertThat(owner.requests()).extracting(TokenRequestContext::getScopes).containsOnly(List.of(SCOPE));
        Boolean migrated = db.query(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("select to_regclass('public.files') is not null")) {
                rows.next();
                return rows.getBoolean(1);
            }
        });
        assertThat(migrated).as("schema migrated").isTrue();
    }

    @Test
    void aNewConnection_fetchesTheTokenAgain_andUsesTheRefreshedOne() throws SQLException {
        Database db = connect(Duration.ofSeconds(5));
        assertThat(currentUser(db)).isEqualTo(LocalPostgres.RUNTIME_ROLE);
        String first = runtime.current();

        String refreshed = runtime.rotate();
        setPassword(LocalPostgres.RUNTIME_ROLE, refreshed);
        assertThatThrownBy(() -> DriverManager.getConnection(services.postgres().jdbcUrl(databaseName()),
                LocalPostgres.RUNTIME_ROLE, first).close())
                .as("the server no longer accepts the first token").isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        int requestsBefore = runtime.requests().size();

        ((HikariDataSource) db.dataSource()).getHikariPoolMXBean().softEvictConnections();
        assertThat(currentUser(db)).isEqualTo(LocalPostgres.RUNTIME_ROLE);

        assertThat(runtime.requests().size()).isGreaterThan(requestsBefore);
        assertThat(runtime.served().get(runtime.served().size() - 1)).isEqualTo(refreshed);
        assertThat(runtime.served()).contains(first, refreshed);
    }

    @Test
    void aRefusedToken_failsFast_andNoTokenReachesALog() throws Exception {
        List<String> jul = new ArrayList<>();
        java.util.logging.Logger pgjdbc = java.util.logging.Logger.getLogger("org.postgresql");
        Level pgjdbcLevel = pgjdbc.getLevel();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                jul.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters())
                        + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        pgjdbc.setLevel(Level.ALL);
        pgjdbc.addHandler(handler);
        Throwable refused;
        try (LogCapture logs = LogCapture.start("com.aisaas", "com.zaxxer.hikari", "com.azure", "org.flywaydb")) {
            Database db = connect(Duration.ofSeconds(2));
            assertThat(currentUser(db)).isEqualTo(LocalPostgres.RUNTIME_ROLE);

            runtime.rotate(); // the identity's new token is not the role's password: the server refuses it
            ((HikariDataSource) db.dataSource()).getHikariPoolMXBean().softEvictConnections();
            refused = org.assertj.core.api.Assertions.catchThrowable(() -> currentUser(db));

            assertThat(refused).isInstanceOf(DependencyException.class);
            List<String> all = new ArrayList<>(logs.lines());
            all.addAll(jul);
            all.add(chain(refused));
            all.add(Files.readString(services.logDirectory().resolve("postgres.log"), StandardCharsets.UTF_8));
            assertThat(logs.lines()).isNotEmpty();
            List<String> tokens = new ArrayList<>(runtime.issued());
            tokens.addAll(owner.issued());
            assertThat(runtime.served()).isNotEmpty();
            for (String token : tokens) {
                String signature = token.substring(token.lastIndexOf('.') + 1);
                assertThat(all).noneMatch(text -> text.contains(token) || text.contains(signature));
            }
        } finally {
            pgjdbc.removeHandler(handler);
            pgjdbc.setLevel(pgjdbcLevel);
        }
    }

    // ---- fixtures (as the bootstrap superuser, never the app)

    private static String databaseName() {
        String path = url.substring(0, url.indexOf('?'));
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static void setPassword(String role, String token) throws SQLException {
        try (Connection connection = superuserConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("alter role " + role + " password '" + token + "'");
        }
    }

    private static void superuser(String sql) throws SQLException {
        try (Connection connection = superuserConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection superuserConnection() throws SQLException {
        return DriverManager.getConnection(services.postgres().jdbcUrl("postgres"), LocalPostgres.USER,
                LocalPostgres.PASSWORD);
    }

    /** The reload is asynchronous: wait (bounded) until a wrong password is refused for the runtime role. */
    private static void awaitPasswordChecked() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Connection ignored = DriverManager.getConnection(services.postgres().jdbcUrl("postgres"),
                    LocalPostgres.RUNTIME_ROLE, "not-the-password-" + UUID.randomUUID())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("pg_hba.conf was not reloaded within 30 s");
                }
            } catch (SQLException e) {
                if ("28P01".equals(e.getSQLState())) {
                    return;
                }
                throw new AssertionError("unexpected failure while waiting for the reload", e);
            }
            Thread.sleep(50);
        }
    }

    private static String chain(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            text.append(t).append('\n');
            for (Throwable s : t.getSuppressed()) {
                text.append(s).append('\n');
            }
        }
        return text.toString();
    }
}
