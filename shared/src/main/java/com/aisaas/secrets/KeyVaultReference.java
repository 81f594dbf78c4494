package com.aisaas.secrets;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An App Service Key Vault reference left unresolved in a setting's value, in either documented form:
 * <pre>
 * &#64;Microsoft.KeyVault(SecretUri=https://myvault.vault.azure.net/secrets/mysecret/[version])
 * &#64;Microsoft.KeyVault(VaultName=myvault;SecretName=mysecret[;SecretVersion=version])
 * </pre>
 * (The platform normally replaces these with the secret before the app starts; locally, or when the
 * platform could not resolve one, the app resolves it itself through the Key Vault SDK.)
 */
public record KeyVaultReference(URI vaultUri, String secretName, Optional<String> version) {

    private static final String PREFIX = "@Microsoft.KeyVault(";

    public KeyVaultReference {
        Objects.requireNonNull(vaultUri, "vaultUri");
        Objects.requireNonNull(secretName, "secretName");
        version = version == null ? Optional.empty() : version.filter(v -> !v.isBlank());
    }

    public static boolean isReference(String value) {
        return value != null && value.trim().startsWith(PREFIX);
    }

    /**
     * Parses {@code value}; empty when it is not a reference at all.
     *
     * @throws IllegalArgumentException when it starts like a reference but is malformed (the message does not
     *         repeat the value)
     */
    public static Optional<KeyVaultReference> parse(String value) {
        if (!isReference(value)) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        if (!trimmed.endsWith(")")) {
            throw new IllegalArgumentException("Key Vault reference does not end with ')'");
        }
        String body = trimmed.substring(PREFIX.length(), trimmed.length() - 1);
        Map<String, String> parts = new HashMap<>();
        for (String part : body.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Key Vault reference has a part without '='");
            }
            parts.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
        }
        if (parts.containsKey("secreturi")) {
            return Optional.of(fromSecretUri(parts.get("secreturi")));
        }
        String vaultName = parts.get("vaultname");
        String secretName = parts.get("secretname");
        if (vaultName == null || vaultName.isEmpty() || secretName == null || secretName.isEmpty()) {
            throw new IllegalArgumentException("Key Vault reference needs SecretUri, or VaultName and SecretName");
        }
        if (!vaultName.matches("[0-9A-Za-z-]{3,24}")) {
            throw new IllegalArgumentException("Key Vault reference has an invalid VaultName");
        }
        URI vault = URI.create("https://" + vaultName.toLowerCase(Locale.ROOT) + ".vault.azure.net");
        return Optional.of(new KeyVaultReference(vault, secretName, Optional.ofNullable(parts.get("secretversion"))));
    }

    private static KeyVaultReference fromSecretUri(String secretUri) {
        URI uri;
        try {
            uri = new URI(secretUri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Key Vault reference has a malformed SecretUri");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPath() == null) {
            throw new IllegalArgumentException("Key Vault reference SecretUri must be https://<vault>/secrets/<name>[/<version>]");
        }
        String[] segments = uri.getPath().replaceAll("^/+|/+$", "").split("/");
        if (segments.length < 2 || segments.length > 3 || !segments[0].equals("secrets") || segments[1].isEmpty()) {
            throw new IllegalArgumentException("Key Vault reference SecretUri must be https://<vault>/secrets/<name>[/<version>]");
        }
        URI vault = URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
        Optional<String> version = segments.length == 3 ? Optional.of(segments[2]) : Optional.empty();
        return new KeyVaultReference(vault, segments[1], version);
    }
}
