package com.aisaas.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Key Vault: KEYVAULT_URI (optional), KEYVAULT_PROBE_SECRET (optional), SECRET_CACHE_TTL_SECONDS. */
public record SecretSettings(Optional<URI> keyVaultUri, Optional<String> probeSecret, Duration cacheTtl) {
}
