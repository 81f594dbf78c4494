package com.aisaas.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.common.DependencyException;
import com.aisaas.testing.FakeEntraCredential;
import com.aisaas.testing.LocalKeyVault;
import com.aisaas.testing.LocalTls;
import com.aisaas.testing.LogCapture;
import com.aisaas.testing.MutableClock;
import com.azure.core.credential.TokenRequestContext;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The app's Key Vault path ({@link SecretResolver} with {@link SecretResolver#vaultClients}, the real
 * {@code azure-security-keyvault-secrets} SDK and its challenge-based bearer policy) against {@link LocalKeyVault}, a
 * local HTTPS stand-in for the secrets REST calls the app makes. No Key Vault emulator exists; what this proves is
 * the client side: the challenge flow (first request without a token, 401 with the vault's resource and tenant, the
 * token asked for that resource and tenant, the request repeated with it), reads of the current and of a named
 * version, a rotation picked up when the cache expires, the fallback and error paths, and that neither tokens nor
 * secret values reach a log. Each test uses a vault name of its own: the SDK caches challenges per vault host.
 */
class KeyVaultSecretsIT {

    private static LocalTls tls;
    private static FakeEntraCredential identity;
    private static LocalKeyVault vault;

    @BeforeAll
    static void start() throws Exception {
        tls = LocalTls.create(Files.createTempDirectory("aisaas-kv-"), "*.vault.azure.net");
        identity = FakeEntraCredential.random();
        vault = LocalKeyVault.start(identity.tenantId(), tls);
    }

    @AfterAll
    static void stop() {
        if (vault != null) {
            vault.close();
        }
    }

    private static String newVaultName() {
        return "kv" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static URI vaultUri(String name) {
        return URI.create("https://" + name + ".vault.azure.net");
    }

    private static SecretResolver resolver(Map<String, String> env, Optional<URI> keyVaultUri, Duration ttl,
                                           java.time.Clock clock, FakeEntraCredential credential) {
        return new SecretResolver(env, keyVaultUri, ttl,
                SecretResolver.vaultClients(() -> credential, () -> tls.azureClientThroughProxy(vault.proxyPort())),
                clock);
    }

    private static List<LocalKeyVault.Request> requestsTo(String vaultName) {
        return vault.requests().stream().filter(r -> r.host() != null && r.host().toLowerCase(Locale.ROOT)
                .startsWith(vaultName + ".vault.azure.net")).toList();
    }

    @Test
    void secretFromTheConfiguredVault_goesThroughTheBearerChallenge() {
        String name = newVaultName();
        String secret = "s3cret-" + UUID.randomUUID();
        vault.put("db-password", secret);
        SecretResolver resolver = resolver(Map.of("DB_PASSWORD", "setting-value"), Optional.of(vaultUri(name)),
                Duration.ofMinutes(5), java.time.Clock.systemUTC(), identity);

        assertThat(resolver.find("db-password")).hasValue(secret);

        List<LocalKeyVault.Request> seen = requestsTo(name);
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).bearer()).as("first request carries no token").isFalse();
        assertThat(seen.get(0).status()).isEqualTo(401);
        assertThat(seen.get(1).bearer()).isTrue();
        assertThat(seen.get(1).status()).isEqualTo(200);
        assertThat(seen.get(1).path()).isEqualTo("/secrets/db-password");
        assertThat(seen).extracting(LocalKeyVault.Request::apiVersion)
                .containsOnly(com.azure.security.keyvault.secrets.SecretServiceVersion.getLatest().getVersion());
        TokenRequestContext asked = identity.requests().get(identity.requests().size() - 1);
        assertThat(asked.getScopes()).containsExactly(LocalKeyVault.RESOURCE + "/.default");
        assertThat(asked.getTenantId()).isEqualTo(identity.tenantId());
    }

    @Test
    void references_resolveTheCurrentOrANamedVersion_afterARotation() {
        String name = newVaultName();
        String secretName = "cursor-key-" + UUID.randomUUID().toString().substring(0, 8);
        String oldVersion = vault.put(secretName, "old-value");
        vault.put(secretName, "new-value");
        SecretResolver resolver = resolver(Map.of(
                        "CURSOR_KEY", "@Microsoft.KeyVault(VaultName=" + name + ";SecretName=" + secretName + ")",
                        "CURSOR_KEY_PREVIOUS", "@Microsoft.KeyVault(SecretUri=https://" + name + ".vault.azure.net/secrets/"
                                + secretName + "/" + oldVersion + ")"),
                Optional.empty(), Duration.ofMinutes(5), java.time.Clock.systemUTC(), identity);

        assertThat(resolver.setting("CURSOR_KEY")).hasValue("new-value");
        assertThat(resolver.setting("CURSOR_KEY_PREVIOUS")).hasValue("old-value");
        assertThat(requestsTo(name)).extracting(LocalKeyVault.Request::path)
                .contains("/secrets/" + secretName, "/secrets/" + secretName + "/" + oldVersion);
    }

    @Test
    void rotation_isPickedUpWhenTheCachedValueExpires_notBefore() {
        String name = newVaultName();
        String secretName = "redis-password-" + UUID.randomUUID().toString().substring(0, 8);
        vault.put(secretName, "first");
        MutableClock clock = new MutableClock(Instant.now());
        SecretResolver resolver = resolver(Map.of(), Optional.of(vaultUri(name)), Duration.ofMinutes(5), clock,
                identity);

        assertThat(resolver.find(secretName)).hasValue("first");
        vault.put(secretName, "second");
        int before = requestsTo(name).size();

        clock.advance(Duration.ofMinutes(4));
        assertThat(resolver.find(secretName)).as("within the cache lifetime").hasValue("first");
        assertThat(requestsTo(name)).hasSize(before);

        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(resolver.find(secretName)).hasValue("second");
        assertThat(requestsTo(name)).hasSize(before + 1);
    }

    @Test
    void missingSecrets_fallBackToTheSetting_orFailClearly() {
        String name = newVaultName();
        SecretResolver resolver = resolver(Map.of("NOT_IN_VAULT", "from-setting",
                        "BROKEN_REF", "@Microsoft.KeyVault(VaultName=" + name + ";SecretName=no-such-secret)"),
                Optional.of(vaultUri(name)), Duration.ofMinutes(5), java.time.Clock.systemUTC(), identity);

        assertThat(resolver.find("not-in-vault")).hasValue("from-setting");
        assertThat(resolver.find("absent-everywhere")).isEmpty();
        assertThatThrownBy(() -> resolver.require("absent-everywhere"))
                .isInstanceOfSatisfying(DependencyException.class, e -> assertThat(e.retryable()).isFalse());
        assertThatThrownBy(() -> resolver.setting("BROKEN_REF"))
                .isInstanceOf(DependencyException.class)
                .hasMessageContaining("references secret no-such-secret which the vault does not have");
        assertThat(requestsTo(name)).filteredOn(r -> r.status() == 404).extracting(LocalKeyVault.Request::path)
                .contains("/secrets/not-in-vault", "/secrets/absent-everywhere", "/secrets/no-such-secret");
    }

    @Test
    void anIdentityWithoutAccess_getsANonRetryableFailure() {
        String name = newVaultName();
        FakeEntraCredential stranger = new FakeEntraCredential(identity.tenantId(), UUID.randomUUID().toString(),
                Duration.ofHours(1), java.time.Clock.systemUTC());
        vault.forbid(stranger.objectId());
        vault.put("forbidden-secret", "x");
        SecretResolver resolver = resolver(Map.of(), Optional.of(vaultUri(name)), Duration.ofMinutes(5),
                java.time.Clock.systemUTC(), stranger);

        assertThatThrownBy(() -> resolver.find("forbidden-secret"))
                .isInstanceOfSatisfying(DependencyException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("read secret forbidden-secret failed: HTTP 403");
                });
    }

    @Test
    void anUnavailableVault_servesTheExpiredCachedValue_andFailsRetryablyWithout() {
        String name = newVaultName();
        String secretName = "webhook-" + UUID.randomUUID().toString().substring(0, 8);
        vault.put(secretName, "cached");
        MutableClock clock = new MutableClock(Instant.now());
        SecretResolver resolver = resolver(Map.of(), Optional.of(vaultUri(name)), Duration.ofMinutes(5), clock,
                identity);
        assertThat(resolver.find(secretName)).hasValue("cached");

        vault.down(true);
        try {
            clock.advance(Duration.ofMinutes(10));
            assertThat(resolver.find(secretName)).hasValue("cached");
            assertThatThrownBy(() -> resolver.find("never-read-" + UUID.randomUUID().toString().substring(0, 8)))
                    .isInstanceOfSatisfying(DependencyException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.getMessage()).contains("HTTP 503");
                    });
        } finally {
            vault.down(false);
        }
    }

    @Test
    void probe_listsOnePageOfSecretProperties() {
        String name = newVaultName();
        vault.put("probe-me", "x");
        SecretResolver resolver = resolver(Map.of(), Optional.of(vaultUri(name)), Duration.ofMinutes(5),
                java.time.Clock.systemUTC(), identity);

        assertThat(resolver.probe(Optional.empty())).containsEntry("vault", name + ".vault.azure.net")
                .containsEntry("probe", "listed secret properties");
        assertThat(requestsTo(name)).extracting(LocalKeyVault.Request::path).contains("/secrets");
    }

    @Test
    void tokensAndSecretValues_neverReachTheLogs() {
        String name = newVaultName();
        String value = "value-" + UUID.randomUUID();
        vault.put("logged-secret", value);
        FakeEntraCredential own = new FakeEntraCredential(identity.tenantId(), UUID.randomUUID().toString(),
                Duration.ofHours(1), java.time.Clock.systemUTC());
        try (LogCapture logs = LogCapture.start("com.azure", "com.aisaas")) {
            SecretResolver resolver = resolver(Map.of("REF", "@Microsoft.KeyVault(VaultName=" + name
                    + ";SecretName=logged-secret)"), Optional.of(vaultUri(name)), Duration.ZERO,
                    java.time.Clock.systemUTC(), own);
            assertThat(resolver.find("logged-secret")).hasValue(value);
            assertThat(resolver.setting("REF")).hasValue(value);
            vault.down(true);
            try {
                assertThatThrownBy(() -> resolver.find("logged-secret")).isInstanceOf(DependencyException.class);
            } finally {
                vault.down(false);
            }

            assertThat(own.issued()).isNotEmpty();
            assertThat(logs.lines()).isNotEmpty();
            for (String token : own.issued()) {
                assertThat(logs.lines()).noneMatch(line -> line.contains(token));
                // nor the token's signature part alone
                assertThat(logs.lines()).noneMatch(line -> line.contains(token.substring(token.lastIndexOf('.') + 1)));
            }
            assertThat(logs.lines()).noneMatch(line -> line.contains(value));
        }
    }
}
