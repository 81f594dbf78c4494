package com.aisaas.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.aisaas.config.AuthMode;
import com.aisaas.config.DatabaseSettings;
import com.aisaas.secrets.SecretResolver;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.zaxxer.hikari.HikariConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabasePoolConfigTest {

    private static DatabaseSettings settings(AuthMode mode) {
        return new DatabaseSettings("jdbc:postgresql://db:5432/aisaas?sslmode=require", "app", mode, Optional.empty(),
                5, 0, Duration.ofSeconds(5), 4, Duration.ofMillis(100), false, "maint", Optional.empty());
    }

    @Test
    void poolConfig_isSmallNamedLazyAndInstrumented() {
        HikariConfig config = Database.poolConfig("aisaas-primary", "jdbc:postgresql://db/aisaas", false,
                settings(AuthMode.PASSWORD), secrets(Map.of()), new SimpleMeterRegistry(), Optional.empty());

        assertThat(config.getPoolName()).isEqualTo("aisaas-primary");
        assertThat(config.getMaximumPoolSize()).isEqualTo(5);
        assertThat(config.getMinimumIdle()).isZero();
        assertThat(config.getConnectionTimeout()).isEqualTo(5000);
        assertThat(config.getInitializationFailTimeout()).isEqualTo(-1);
        assertThat(config.getMetricsTrackerFactory()).isNotNull();
        assertThat(config.getDriverClassName()).isEqualTo("org.postgresql.Driver");
    }

    @Test
    void poolConfig_passwordMode_asksTheSecretResolverForEveryNewConnection() {
        SecretClient vault = mock(SecretClient.class);
        when(vault.getSecret(eq("db-password"), isNull()))
                .thenReturn(new KeyVaultSecret("db-password", "first"))
                .thenReturn(new KeyVaultSecret("db-password", "rotated"));
        SecretResolver secrets = new SecretResolver(Map.of(), Optional.of(URI.create("https://v.vault.azure.net")),
                Duration.ZERO, uri -> vault, Clock.systemUTC());
        HikariConfig config = Database.poolConfig("p", "jdbc:postgresql://db/aisaas", false,
                settings(AuthMode.PASSWORD), secrets, new SimpleMeterRegistry(), Optional.empty());

        assertThat(config.getCredentialsProvider().getCredentials().getUsername()).isEqualTo("app");
        assertThat(config.getCredentialsProvider().getCredentials().getPassword()).isEqualTo("rotated");
        assertThat(config.getDataSourceProperties()).doesNotContainKey("authenticationPluginClassName");
    }

    @Test
    void eachRole_logsInAsItsOwnUser_withItsOwnPasswordSecret_orItsOwnManagedIdentity() {
        DatabaseSettings entra = new DatabaseSettings("jdbc:postgresql://db:5432/aisaas?sslmode=require", "app",
                AuthMode.ENTRA, Optional.empty(), 5, 0, Duration.ofSeconds(5), 4, Duration.ofMillis(100), true,
                "maint", Optional.of("owner"), Map.of(DatabaseSettings.Role.MAINTENANCE, "maint-client-id",
                        DatabaseSettings.Role.MIGRATION, "owner-client-id"));
        Optional<String> app = Optional.of("app-client-id");

        HikariConfig runtime = Database.poolConfig("r", "jdbc:postgresql://db/aisaas", false, entra,
                DatabaseSettings.Role.RUNTIME, 5, secrets(Map.of()), new SimpleMeterRegistry(), app);
        HikariConfig maintenance = Database.poolConfig("m", "jdbc:postgresql://db/aisaas", false, entra,
                DatabaseSettings.Role.MAINTENANCE, 2, secrets(Map.of()), new SimpleMeterRegistry(), app);
        HikariConfig migration = Database.poolConfig("o", "jdbc:postgresql://db/aisaas", false, entra,
                DatabaseSettings.Role.MIGRATION, 2, secrets(Map.of()), new SimpleMeterRegistry(), app);
        HikariConfig maintenanceByPassword = Database.poolConfig("m", "jdbc:postgresql://db/aisaas", false,
                settings(AuthMode.PASSWORD), DatabaseSettings.Role.MAINTENANCE, 2,
                secrets(Map.of("DB_PASSWORD", "app-secret", "DB_MAINTENANCE_PASSWORD", "maint-secret")),
                new SimpleMeterRegistry(), Optional.empty());

        assertThat(runtime.getUsername()).isEqualTo("app");
        assertThat(runtime.getDataSourceProperties()).containsEntry("azure.clientId", "app-client-id");
        assertThat(maintenance.getUsername()).isEqualTo("maint");
        assertThat(maintenance.getDataSourceProperties()).containsEntry("azure.clientId", "maint-client-id");
        assertThat(migration.getUsername()).isEqualTo("owner");
        assertThat(migration.getDataSourceProperties()).containsEntry("azure.clientId", "owner-client-id");
        assertThat(runtime.getDataSourceProperties()).as("a silent server fails a request's read")
                .containsEntry("socketTimeout", "10");
        assertThat(maintenance.getDataSourceProperties()).containsEntry("socketTimeout", "300");
        assertThat(migration.getDataSourceProperties()).as("migrations may run for minutes")
                .containsEntry("socketTimeout", "0");
        assertThat(maintenanceByPassword.getCredentialsProvider().getCredentials().getUsername()).isEqualTo("maint");
        assertThat(maintenanceByPassword.getCredentialsProvider().getCredentials().getPassword())
                .isEqualTo("maint-secret");
    }

    @Test
    void poolConfig_entraMode_usesTheAzurePluginAndNoPassword() {
        HikariConfig config = Database.poolConfig("p", "jdbc:postgresql://db/aisaas?sslmode=require", true,
                settings(AuthMode.ENTRA), secrets(Map.of("DB_PASSWORD", "unused")), new SimpleMeterRegistry(),
                Optional.of("00000000-1111-2222-3333-444444444444"));

        assertThat(config.getDataSourceProperties())
                .containsEntry("authenticationPluginClassName",
                        "com.azure.identity.extensions.jdbc.postgresql.AzurePostgresqlAuthenticationPlugin")
                .containsEntry("azure.clientId", "00000000-1111-2222-3333-444444444444");
        assertThat(config.getCredentialsProvider()).isNull();
        assertThat(config.getPassword()).isNull();
        assertThat(config.getUsername()).isEqualTo("app");
        assertThat(config.isReadOnly()).isTrue();
    }

    @Test
    void entraPlugin_classIsOnTheClasspath() throws ClassNotFoundException {
        assertThat(Class.forName(Database.ENTRA_PLUGIN)).isNotNull();
    }

    private static SecretResolver secrets(Map<String, String> env) {
        return new SecretResolver(env, Optional.empty(), Duration.ZERO, uri -> {
            throw new AssertionError("no vault expected");
        }, Clock.systemUTC());
    }
}
