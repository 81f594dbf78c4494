package com.aisaas.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer token validation: the accepted issuer (AUTH_ISSUER) and audiences (AUTH_AUDIENCE, comma-separated),
 * the JWKS endpoint for RS256 (AUTH_JWKS_URL, e.g. Entra ID's {@code .../discovery/v2.0/keys}), the clock
 * skew allowed on {@code exp}/{@code nbf} (AUTH_CLOCK_SKEW_SECONDS) and the claims that carry the tenant
 * (AUTH_TENANT_CLAIM) and the roles (AUTH_ROLES_CLAIM). The HS256 keys are secrets ({@code jwt-signing-key},
 * {@code jwt-signing-key-previous}; settings JWT_SIGNING_KEY / JWT_SIGNING_KEY_PREVIOUS) read through the
 * {@link com.aisaas.secrets.SecretResolver} on use, so they are not part of this record.
 */
public record AuthSettings(String issuer, Set<String> audiences, Optional<URI> jwksUrl, Duration clockSkew,
                           String tenantClaim, String rolesClaim, AppEnvironment environment) {

    /** The issuer locally when AUTH_ISSUER is not set (never a default in azure). */
    public static final String LOCAL_ISSUER = "aisaas-local";
    /** The audience locally when AUTH_AUDIENCE is not set (never a default in azure). */
    public static final String LOCAL_AUDIENCE = "aisaas-api";
    /**
     * The HS256 key of local.settings.sample.json. It is public (in the repository), so it is refused in azure:
     * by the settings validation and again by the authenticator for a value that came from a Key Vault.
     */
    public static final String LOCAL_SAMPLE_SIGNING_KEY = "local-only-sample-jwt-signing-key-never-use-in-azure";
    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_SIGNING_KEY_BYTES = 32;

    public AuthSettings {
        audiences = Set.copyOf(audiences);
    }
}
