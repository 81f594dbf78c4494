package com.aisaas.secrets;

import com.aisaas.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.aisaas.common.DependencyException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.http.HttpResponse;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretResolverTest {

    private static final URI VAULT = URI.create("https://app-vault.vault.azure.net");

    private final SecretClient client = mock(SecretClient.class);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Map<URI, Integer> clientsBuilt = new HashMap<>();

    private SecretResolver resolver(Map<String, String> env, Optional<URI> vault, Duration ttl) {
        return new SecretResolver(env, vault, ttl, uri -> {
            clientsBuilt.merge(uri, 1, Integer::sum);
            return client;
        }, clock);
    }

    @Test
    void find_withVault_readsSecretAndServesItFromCacheWithinTtl() {
        when(client.getSecret(eq("db-password"), isNull())).thenReturn(new KeyVaultSecret("db-password", "s3cret"));
        SecretResolver secrets = resolver(Map.of(), Optional.of(VAULT), Duration.ofMinutes(5));

        assertThat(secrets.find("db-password")).contains("s3cret");
        clock.advance(Duration.ofMinutes(4));
        assertThat(secrets.find("db-password")).contains("s3cret");

        verify(client, times(1)).getSecret(eq("db-password"), isNull());
    }

    @Test
    void find_afterTtlExpired_refetchesAndPicksUpRotatedValue() {
        when(client.getSecret(eq("db-password"), isNull()))
                .thenReturn(new KeyVaultSecret("db-password", "old"))
                .thenReturn(new KeyVaultSecret("db-password", "rotated"));
        SecretResolver secrets = resolver(Map.of(), Optional.of(VAULT), Duration.ofMinutes(5));

        assertThat(secrets.find("db-password")).contains("old");
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        assertThat(secrets.find("db-password")).contains("rotated");
        verify(client, times(2)).getSecret(eq("db-password"), isNull());
    }

    @Test
    void find_withZeroTtl_asksTheVaultEveryTime() {
        when(client.getSecret(eq("api-key"), isNull())).thenReturn(new KeyVaultSecret("api-key", "v"));
        SecretResolver secrets = resolver(Map.of(), Optional.of(VAULT), Duration.ZERO);

        secrets.find("api-key");
        secrets.find("api-key");

        verify(client, times(2)).getSecret(eq("api-key"), isNull());
    }

    @Test
    void find_withoutVault_fallsBackToUpperSnakeSetting() {
        SecretResolver secrets = resolver(Map.of("DB_PASSWORD", "from-setting"), Optional.empty(), Duration.ofMinutes(5));

        assertThat(secrets.find("db-password")).contains("from-setting");
        assertThat(secrets.find("redis-password")).isEmpty();
        assertThat(clientsBuilt).isEmpty();
    }

    @Test
    void find_whenVaultLacksSecret_fallsBackToSetting() {
        when(client.getSecret(eq("redis-password"), isNull()))
                .thenThrow(new ResourceNotFoundException("SecretNotFound", (HttpResponse) null));
        SecretResolver secrets = resolver(Map.of("REDIS_PASSWORD", "local"), Optional.of(VAULT), Duration.ofMinutes(5));

        assertThat(secrets.find("redis-password")).contains("local");
    }

    @Test
    void find_whenVaultFailsAfterExpiry_usesTheStaleCachedValue() {
        when(client.getSecret(eq("db-password"), isNull()))
                .thenReturn(new KeyVaultSecret("db-password", "cached"))
                .thenThrow(new RuntimeException("connection reset"));
        SecretResolver secrets = resolver(Map.of(), Optional.of(VAULT), Duration.ofSeconds(10));

        secrets.find("db-password");
        clock.advance(Duration.ofSeconds(11));

        assertThat(secrets.find("db-password")).contains("cached");
    }

    @Test
    void find_whenVaultFailsWithNothingCached_throwsRetryableKeyVaultDependencyException() {
        when(client.getSecret(eq("db-password"), isNull())).thenThrow(new RuntimeException("connection reset"));
        SecretResolver secrets = resolver(Map.of("DB_PASSWORD", "ignored"), Optional.of(VAULT), Duration.ofSeconds(10));

        assertThatThrownBy(() -> secrets.find("db-password"))
                .isInstanceOfSatisfying(DependencyException.class, e -> {
                    assertThat(e.component()).isEqualTo("keyvault");
                    assertThat(e.retryable()).isTrue();
                });
    }

    @Test
    void setting_withSecretUriReference_resolvesThroughTheReferencedVaultAndVersion() {
        when(client.getSecret("db-password", "ec96f02080254f109c51a1f14cdb1931"))
                .thenReturn(new KeyVaultSecret("db-password", "pinned"));
        SecretResolver secrets = resolver(Map.of("DB_PASSWORD",
                        "@Microsoft.KeyVault(SecretUri=https://other-vault.vault.azure.net/secrets/db-password/ec96f02080254f109c51a1f14cdb1931)"),
                Optional.empty(), Duration.ofMinutes(5));

        assertThat(secrets.find("db-password")).contains("pinned");
        assertThat(clientsBuilt).containsOnlyKeys(URI.create("https://other-vault.vault.azure.net"));
    }

    @Test
    void setting_withVaultNameReference_resolvesLatestVersionAndCachesIt() {
        when(client.getSecret(eq("storage-conn"), isNull())).thenReturn(new KeyVaultSecret("storage-conn", "conn"));
        SecretResolver secrets = resolver(Map.of("UploadsStorage",
                "@Microsoft.KeyVault(VaultName=myvault;SecretName=storage-conn)"), Optional.empty(), Duration.ofMinutes(5));

        assertThat(secrets.setting("UploadsStorage")).contains("conn");
        assertThat(secrets.setting("UploadsStorage")).contains("conn");

        verify(client, times(1)).getSecret(eq("storage-conn"), isNull());
        assertThat(clientsBuilt).containsOnlyKeys(URI.create("https://myvault.vault.azure.net"));
    }

    @Test
    void setting_withMalformedReference_throwsWithoutRepeatingTheValue() {
        SecretResolver secrets = resolver(Map.of("DB_PASSWORD", "@Microsoft.KeyVault(SecretName=only-name)"),
                Optional.empty(), Duration.ofMinutes(5));

        assertThatThrownBy(() -> secrets.setting("DB_PASSWORD"))
                .isInstanceOf(DependencyException.class)
                .hasMessageContaining("DB_PASSWORD")
                .hasMessageNotContaining("only-name");
        verify(client, never()).getSecret(any(), any());
    }

    @Test
    void setting_plainValue_isReturnedAsIsAndBlankIsAbsent() {
        SecretResolver secrets = resolver(Map.of("A", "plain", "B", "  "), Optional.empty(), Duration.ofMinutes(5));

        assertThat(secrets.setting("A")).contains("plain");
        assertThat(secrets.setting("B")).isEmpty();
        assertThat(secrets.setting("C")).isEmpty();
    }

    @Test
    void require_whenSecretIsNowhere_namesSecretAndSetting() {
        SecretResolver secrets = resolver(Map.of(), Optional.empty(), Duration.ofMinutes(5));

        assertThatThrownBy(() -> secrets.require("jwt-signing-key"))
                .isInstanceOf(DependencyException.class)
                .hasMessageContaining("jwt-signing-key")
                .hasMessageContaining("JWT_SIGNING_KEY");
    }

    @Test
    void settingName_convertsKebabToUpperSnake() {
        assertThat(SecretResolver.settingName("db-password")).isEqualTo("DB_PASSWORD");
        assertThat(SecretResolver.settingName("redis-password")).isEqualTo("REDIS_PASSWORD");
    }

}
