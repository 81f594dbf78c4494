package com.aisaas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings of the request guards: tokens, rate limit, idempotency keys, cache. */
class GuardSettingsTest {

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
        env.put("UploadsStorage__blobServiceUri", "https://acct.blob.core.windows.net");
        env.put("AUTH_ISSUER", "https://login.microsoftonline.com/tid/v2.0");
        env.put("AUTH_AUDIENCE", "api://aisaas, 11111111-2222-3333-4444-555555555555");
        env.put("AUTH_JWKS_URL", "https://login.microsoftonline.com/tid/discovery/v2.0/keys");
        return env;
    }

    @Test
    void local_withoutAnyGuardSetting_usesTheDocumentedDefaults() {
        AppSettings settings = AppSettings.from(local());

        AuthSettings auth = settings.auth();
        assertThat(auth.issuer()).isEqualTo("aisaas-local");
        assertThat(auth.audiences()).containsExactly("aisaas-api");
        assertThat(auth.jwksUrl()).isEmpty();
        assertThat(auth.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(auth.tenantClaim()).isEqualTo("tid");
        assertThat(auth.rolesClaim()).isEqualTo("roles");
        assertThat(settings.rateLimit().perMinute()).isEqualTo(100);
        assertThat(settings.idempotency().lease()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.idempotency().ttl()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.cache().ttl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.cache().enabled()).isTrue();
    }

    @Test
    void azure_withIssuerAudiencesAndJwks_isValid_andSplitsTheAudienceList() {
        AuthSettings auth = AppSettings.from(azure()).auth();

        assertThat(auth.audiences()).containsExactlyInAnyOrder("api://aisaas", "11111111-2222-3333-4444-555555555555");
        assertThat(auth.jwksUrl()).contains(URI.create("https://login.microsoftonline.com/tid/discovery/v2.0/keys"));
        assertThat(auth.environment()).isEqualTo(AppEnvironment.AZURE);
    }

    @Test
    void azure_refusesThePublicLocalSampleKey_inEitherKeySetting() {
        Map<String, String> env = azure();
        env.put("JWT_SIGNING_KEY", AuthSettings.LOCAL_SAMPLE_SIGNING_KEY);
        env.put("JWT_SIGNING_KEY_PREVIOUS", AuthSettings.LOCAL_SAMPLE_SIGNING_KEY);

        assertThatThrownBy(() -> AppSettings.from(env))
                .hasMessageContaining("JWT_SIGNING_KEY is the public local sample key")
                .hasMessageContaining("JWT_SIGNING_KEY_PREVIOUS is the public local sample key")
                .hasMessageNotContaining(AuthSettings.LOCAL_SAMPLE_SIGNING_KEY);
    }

    @Test
    void local_acceptsTheSampleKey_butEveryEnvironmentRefusesAShortKey() {
        Map<String, String> env = local();
        env.put("JWT_SIGNING_KEY", AuthSettings.LOCAL_SAMPLE_SIGNING_KEY);
        assertThat(AppSettings.from(env).auth().issuer()).isEqualTo("aisaas-local");

        env.put("JWT_SIGNING_KEY", "too-short-key");
        assertThatThrownBy(() -> AppSettings.from(env))
                .hasMessageContaining("JWT_SIGNING_KEY must be at least 32 bytes")
                .hasMessageNotContaining("too-short-key");
    }

    @Test
    void azure_keyVaultReferenceAsKey_isNotCheckedHere() {
        Map<String, String> env = azure();
        env.put("JWT_SIGNING_KEY", "@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/jwt-signing-key)");

        assertThat(AppSettings.from(env).auth()).isNotNull();
    }

    @Test
    void azure_withoutIssuerAudienceOrAnyKeySource_namesEachProblem() {
        Map<String, String> env = azure();
        env.remove("AUTH_ISSUER");
        env.remove("AUTH_AUDIENCE");
        env.remove("AUTH_JWKS_URL");

        assertThatThrownBy(() -> AppSettings.from(env))
                .hasMessageContaining("AUTH_ISSUER is missing")
                .hasMessageContaining("AUTH_AUDIENCE is missing")
                .hasMessageContaining("no token signing key is configured");
    }

    @Test
    void azure_needsAnHttpsJwksUrl_localAllowsHttp() {
        Map<String, String> env = azure();
        env.put("AUTH_JWKS_URL", "http://keys.example/jwks");
        assertThatThrownBy(() -> AppSettings.from(env)).hasMessageContaining("AUTH_JWKS_URL must be an absolute https");

        Map<String, String> localEnv = local();
        localEnv.put("AUTH_JWKS_URL", "http://127.0.0.1:8080/jwks");
        assertThat(AppSettings.from(localEnv).auth().jwksUrl()).isPresent();
    }

    @Test
    void outOfRangeNumbers_areRejectedByName() {
        Map<String, String> env = local();
        env.put("RATE_LIMIT_PER_MINUTE", "0");
        env.put("IDEMPOTENCY_LEASE_SECONDS", "-1");
        env.put("IDEMPOTENCY_TTL_HOURS", "1000");
        env.put("CACHE_TTL_SECONDS", "soon");
        env.put("AUTH_CLOCK_SKEW_SECONDS", "3600");

        assertThatThrownBy(() -> AppSettings.from(env))
                .hasMessageContaining("RATE_LIMIT_PER_MINUTE")
                .hasMessageContaining("IDEMPOTENCY_LEASE_SECONDS")
                .hasMessageContaining("IDEMPOTENCY_TTL_HOURS")
                .hasMessageContaining("CACHE_TTL_SECONDS")
                .hasMessageContaining("AUTH_CLOCK_SKEW_SECONDS");
    }

    @Test
    void cacheTtlZero_turnsTheCacheOff() {
        Map<String, String> env = local();
        env.put("CACHE_TTL_SECONDS", "0");

        assertThat(AppSettings.from(env).cache().enabled()).isFalse();
    }
}
