package com.aisaas.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyVaultReferenceTest {

    @Test
    void parse_secretUriWithoutVersion_givesVaultAndName() {
        KeyVaultReference ref = KeyVaultReference.parse(
                "@Microsoft.KeyVault(SecretUri=https://myvault.vault.azure.net/secrets/mysecret/)").orElseThrow();

        assertThat(ref.vaultUri()).isEqualTo(URI.create("https://myvault.vault.azure.net"));
        assertThat(ref.secretName()).isEqualTo("mysecret");
        assertThat(ref.version()).isEmpty();
    }

    @Test
    void parse_secretUriWithVersion_keepsTheVersion() {
        KeyVaultReference ref = KeyVaultReference.parse(
                "@Microsoft.KeyVault(SecretUri=https://myvault.vault.azure.net/secrets/mysecret/ec96f02080254f109c51a1f14cdb1931)")
                .orElseThrow();

        assertThat(ref.version()).contains("ec96f02080254f109c51a1f14cdb1931");
    }

    @Test
    void parse_vaultNameForm_buildsThePublicCloudVaultUri() {
        KeyVaultReference ref = KeyVaultReference.parse(
                "@Microsoft.KeyVault(VaultName=myvault;SecretName=mysecret;SecretVersion=abc123)").orElseThrow();

        assertThat(ref).isEqualTo(new KeyVaultReference(URI.create("https://myvault.vault.azure.net"), "mysecret",
                Optional.of("abc123")));
    }

    @Test
    void parse_plainValue_isNotAReference() {
        assertThat(KeyVaultReference.parse("hunter2")).isEmpty();
        assertThat(KeyVaultReference.parse(null)).isEmpty();
    }

    @Test
    void parse_malformedReferences_areRejected() {
        assertThatThrownBy(() -> KeyVaultReference.parse("@Microsoft.KeyVault(VaultName=myvault)"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyVaultReference.parse("@Microsoft.KeyVault(SecretUri=http://x/secrets/a)"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyVaultReference.parse("@Microsoft.KeyVault(SecretUri=https://x.vault.azure.net/keys/a)"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyVaultReference.parse("@Microsoft.KeyVault(VaultName=v;SecretName=s"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
