package com.aisaas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppSettingsTest {

    private static Map<String, String> local() {
        Map<String, String> env = new HashMap<>();
        env.put("DB_URL", "jdbc:postgresql://127.0.0.1:5432/aisaas");
        env.put("DB_USER", "postgres");
        env.put("DB_MAINTENANCE_USER", "maint");
        env.put("DB_MIGRATION_USER", "owner");
        return env;
    }

    private static Map<String, String> azure() {
        Map<String, String> env = new HashMap<>();
        env.put("APP_ENVIRONMENT", "azure");
        env.put("DB_URL", "jdbc:postgresql://pg.postgres.database.azure.com:5432/aisaas?sslmode=require");
        env.put("DB_USER", "aisaas-func");
        env.put("DB_MAINTENANCE_USER", "maint");
        env.put("DB_MIGRATION_USER", "owner");
        env.put("FILES_CURSOR_KEY", "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/files-cursor-key)");
        env.put("DB_AUTH_MODE", "entra");
        env.put("REDIS_URL", "rediss://cache.redis.cache.windows.net:6380");
        env.put("REDIS_AUTH_MODE", "entra");
        env.put("UploadsStorage__blobServiceUri", "https://acct.blob.core.windows.net");
        env.put("AZURE_CLIENT_ID", "00000000-1111-2222-3333-444444444444");
        env.put("AUTH_ISSUER", "https://login.microsoftonline.com/00000000-1111-2222-3333-444444444444/v2.0");
        env.put("AUTH_AUDIENCE", "api://aisaas");
        env.put("AUTH_JWKS_URL", "https://login.microsoftonline.com/common/discovery/v2.0/keys");
        return env;
    }

    @Test
    void from_minimalLocalEnvironment_appliesDocumentedDefaults() {
        AppSettings settings = AppSettings.from(local());

        assertThat(settings.environment()).isEqualTo(AppEnvironment.LOCAL);
        assertThat(settings.logFormat()).isEqualTo(LogFormat.TEXT);
        assertThat(settings.logLevel()).isEqualTo("INFO");
        DatabaseSettings db = settings.database();
        assertThat(db.authMode()).isEqualTo(AuthMode.PASSWORD);
        assertThat(db.poolMaxSize()).isEqualTo(5);
        assertThat(db.poolMinIdle()).isZero();
        assertThat(db.connectionTimeout()).isEqualTo(Duration.ofMillis(1000));
        assertThat(db.retryMaxAttempts()).isEqualTo(4);
        assertThat(db.retryBaseDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(db.migrateOnStart()).isTrue();
        assertThat(db.readUrl()).isEmpty();
        assertThat(settings.redis()).isEmpty();
        assertThat(settings.storage()).isEmpty();
        assertThat(settings.secrets().keyVaultUri()).isEmpty();
        assertThat(settings.secrets().cacheTtl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(settings.health().requiredComponents()).containsExactlyInAnyOrder("postgres", "redis", "blob", "keyvault");
        assertThat(settings.health().checkTimeout()).isEqualTo(Duration.ofSeconds(2));
        ResilienceSettings resilience = settings.resilience();
        assertThat(resilience.requestBudget()).isEqualTo(Duration.ofSeconds(2));
        assertThat(resilience.backgroundBudget()).isEqualTo(Duration.ofSeconds(60));
        assertThat(resilience.breaker().enabled()).isTrue();
        assertThat(resilience.breaker().failureThreshold()).isEqualTo(3);
        assertThat(resilience.breaker().openDuration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(resilience.breaker().probeInterval()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void from_connectionTimeoutLongerThanTheRequestBudget_isAProblemNamingBoth() {
        Map<String, String> env = local();
        env.put("DB_CONNECTION_TIMEOUT_MS", "5000");
        env.put("DB_REQUEST_BUDGET_MS", "2000");

        assertThatThrownBy(() -> AppSettings.from(env)).isInstanceOf(SettingsException.class)
                .hasMessageContaining("DB_CONNECTION_TIMEOUT_MS (5000) must not exceed DB_REQUEST_BUDGET_MS (2000)");
    }

    @Test
    void from_emptyStringsCountAsAbsent_likeLocalSettingsJson() {
        Map<String, String> env = local();
        env.put("DB_POOL_MAX_SIZE", "");
        env.put("REDIS_URL", "");
        env.put("UploadsStorage", "");
        env.put("HEALTH_REQUIRED_COMPONENTS", "");

        AppSettings settings = AppSettings.from(env);

        assertThat(settings.database().poolMaxSize()).isEqualTo(5);
        assertThat(settings.redis()).isEmpty();
        assertThat(settings.health().requiredComponents()).hasSize(4);
    }

    @Test
    void from_reportsEveryProblemInOneMessageNamingEachSetting() {
        Map<String, String> env = new HashMap<>();
        env.put("DB_POOL_MAX_SIZE", "lots");
        env.put("DB_AUTH_MODE", "kerberos");
        env.put("REDIS_URL", "http://cache:6379");
        env.put("HEALTH_REQUIRED_COMPONENTS", "postgres,mongo");
        env.put("DB_MIGRATE_ON_START", "maybe");

        assertThatThrownBy(() -> AppSettings.from(env))
                .isInstanceOfSatisfying(SettingsException.class, e -> {
                    assertThat(e.problems()).hasSize(9);
                    assertThat(e.getMessage())
                            .contains("DB_URL is missing")
                            .contains("DB_USER is missing")
                            .contains("DB_MAINTENANCE_USER is missing")
                            .contains("DB_MIGRATION_USER is missing")
                            .contains("DB_POOL_MAX_SIZE must be an integer between 1 and 50 (was 'lots')")
                            .contains("DB_AUTH_MODE must be one of password|entra (was 'kerberos')")
                            .contains("REDIS_URL must be an absolute redis or rediss URL")
                            .contains("HEALTH_REQUIRED_COMPONENTS has an unknown component 'mongo'")
                            .contains("DB_MIGRATE_ON_START must be true or false");
                });
    }

    @Test
    void from_neverRepeatsSecretsOrUrlsInTheMessage() {
        Map<String, String> env = local();
        env.put("DB_URL", "postgresql://user:hunter2@host/db");
        env.put("UploadsStorage", "AccountKey=abc123secret");

        assertThatThrownBy(() -> AppSettings.from(env))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("DB_URL must start with jdbc:postgresql://")
                .hasMessageContaining("UploadsStorage must be a storage connection string")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("abc123secret");
    }

    @Test
    void from_poolMinIdleAboveMax_isRejected() {
        Map<String, String> env = local();
        env.put("DB_POOL_MAX_SIZE", "3");
        env.put("DB_POOL_MIN_IDLE", "4");

        assertThatThrownBy(() -> AppSettings.from(env)).hasMessageContaining("DB_POOL_MIN_IDLE (4) must not exceed DB_POOL_MAX_SIZE (3)");
    }

    @Test
    void from_azureWithEntraAndManagedIdentity_isValidWithoutAnyPassword() {
        AppSettings settings = AppSettings.from(azure());

        assertThat(settings.environment()).isEqualTo(AppEnvironment.AZURE);
        assertThat(settings.database().authMode()).isEqualTo(AuthMode.ENTRA);
        assertThat(settings.redis().orElseThrow().tls()).isTrue();
        assertThat(settings.redis().orElseThrow().port()).isEqualTo(6380);
        assertThat(settings.storage().orElseThrow().usesManagedIdentity()).isTrue();
        assertThat(settings.azureClientId()).contains("00000000-1111-2222-3333-444444444444");
    }

    @Test
    void from_azureWithoutSslmode_isRejected() {
        Map<String, String> env = azure();
        env.put("DB_URL", "jdbc:postgresql://pg.postgres.database.azure.com:5432/aisaas?sslmode=prefer");
        env.put("DB_READ_URL", "jdbc:postgresql://replica.postgres.database.azure.com:5432/aisaas");

        assertThatThrownBy(() -> AppSettings.from(env))
                .hasMessageContaining("DB_URL must set sslmode=require or sslmode=verify-full in azure")
                .hasMessageContaining("DB_READ_URL must set sslmode=require or sslmode=verify-full in azure");
    }

    @Test
    void from_azureAcceptsVerifyFull() {
        Map<String, String> env = azure();
        env.put("DB_URL", "jdbc:postgresql://pg:5432/aisaas?ApplicationName=x&sslmode=verify-full");

        assertThat(AppSettings.from(env).database().url()).contains("verify-full");
    }

    @Test
    void from_azureWithConnectionStringAndPlainRedis_isRejected() {
        Map<String, String> env = azure();
        env.remove("UploadsStorage__blobServiceUri");
        env.put("UploadsStorage", "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=k;EndpointSuffix=core.windows.net");
        env.put("REDIS_URL", "redis://cache:6379");

        assertThatThrownBy(() -> AppSettings.from(env))
                .hasMessageContaining("UploadsStorage (a connection string with a shared key) is not allowed in azure")
                .hasMessageContaining("UploadsStorage__blobServiceUri is missing")
                .hasMessageContaining("REDIS_URL must use rediss:// (TLS) in azure");
    }

    @Test
    void from_azurePasswordModeWithoutPasswordOrVault_isRejected_butVaultSatisfiesIt() {
        Map<String, String> env = azure();
        env.put("DB_AUTH_MODE", "password");

        assertThatThrownBy(() -> AppSettings.from(env)).hasMessageContaining("DB_PASSWORD is missing");

        env.put("KEYVAULT_URI", "https://app-vault.vault.azure.net/");
        assertThat(AppSettings.from(env).secrets().keyVaultUri()).isPresent();
    }

    @Test
    void from_azureWithoutRedisOrStorage_namesBoth() {
        Map<String, String> env = azure();
        env.remove("REDIS_URL");
        env.remove("UploadsStorage__blobServiceUri");

        assertThatThrownBy(() -> AppSettings.from(env))
                .hasMessageContaining("REDIS_URL is missing")
                .hasMessageContaining("UploadsStorage__blobServiceUri is missing");
    }

    @Test
    void from_requiredComponentsNone_requiresNothing() {
        Map<String, String> env = local();
        env.put("HEALTH_REQUIRED_COMPONENTS", "none");

        assertThat(AppSettings.from(env).health().requiredComponents()).isEmpty();
    }

    @Test
    void from_malformedClientIdAndProbeSecret_areRejected() {
        Map<String, String> env = local();
        env.put("AZURE_CLIENT_ID", "not-a-guid");
        env.put("KEYVAULT_PROBE_SECRET", "bad name!");
        env.put("KEYVAULT_URI", "http://vault");

        assertThatThrownBy(() -> AppSettings.from(env))
                .hasMessageContaining("AZURE_CLIENT_ID must be the client id")
                .hasMessageContaining("KEYVAULT_PROBE_SECRET must be a Key Vault secret name")
                .hasMessageContaining("KEYVAULT_URI must be an absolute https URL");
    }

    @Test
    void from_redisUrlWithDatabaseAndStorageConnectionString_areParsed() {
        Map<String, String> env = local();
        env.put("REDIS_URL", "redis://127.0.0.1:6390/2");
        env.put("UploadsStorage", "UseDevelopmentStorage=true");

        AppSettings settings = AppSettings.from(env);

        RedisSettings redis = settings.redis().orElseThrow();
        assertThat(redis.host()).isEqualTo("127.0.0.1");
        assertThat(redis.port()).isEqualTo(6390);
        assertThat(redis.database()).isEqualTo(2);
        assertThat(redis.tls()).isFalse();
        assertThat(settings.storage().orElseThrow().connectionString()).contains("UseDevelopmentStorage=true");
    }

    @Test
    void toString_ofSettingsRedactsCredentials() {
        Map<String, String> env = local();
        env.put("DB_URL", "jdbc:postgresql://host/db?user=app&password=hunter2");
        env.put("REDIS_URL", "redis://:redispw@host:6379");
        env.put("UploadsStorage", "DefaultEndpointsProtocol=http;AccountName=a;AccountKey=storagekey;BlobEndpoint=http://x");

        String text = AppSettings.from(env).toString();

        assertThat(text).doesNotContain("hunter2").doesNotContain("redispw").doesNotContain("storagekey");
    }
}
