package com.aisaas.auth;

import com.aisaas.common.DependencyException;
import com.aisaas.common.ForbiddenException;
import com.aisaas.common.UnauthorizedException;
import com.aisaas.config.AppEnvironment;
import com.aisaas.config.AuthSettings;
import com.aisaas.secrets.SecretResolver;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates {@code Authorization: Bearer <JWT>} with nimbus-jose-jwt.
 *
 * <p>Each accepted algorithm is bound to its own kind of key, and keys never come from the token:
 * <ul>
 *   <li>HS256 only with the shared secrets {@code jwt-signing-key} (and {@code jwt-signing-key-previous}
 *       during a rotation), read through the {@link SecretResolver} on every call, so its TTL cache picks up a
 *       rotated Key Vault secret without a restart. No such secret → HS256 tokens are rejected. In azure the
 *       public local sample key is never used, even when a vault returns it.</li>
 *   <li>RS256 only with the RSA keys of the configured JWKS endpoint (AUTH_JWKS_URL, as Entra ID publishes),
 *       cached, refreshed when a token names an unknown {@code kid} (rate limited). No JWKS → RS256 rejected.
 *       An HS256 token "signed" with the RSA public key therefore fails: HS256 is only checked with the
 *       shared secrets.</li>
 *   <li>Any other {@code alg} ({@code none}, HS512, ES256, PS256, ...), unsigned and encrypted JWTs, and
 *       headers that carry key material or key locations ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c})
 *       are rejected. {@code kid} only selects among the JWKS keys.</li>
 * </ul>
 * Claims: {@code exp} required, {@code exp}/{@code nbf} with AUTH_CLOCK_SKEW_SECONDS of tolerance, {@code iss}
 * equal to AUTH_ISSUER, {@code aud} containing one of AUTH_AUDIENCE, {@code sub} required, the tenant from
 * AUTH_TENANT_CLAIM (required) and the roles from AUTH_ROLES_CLAIM (a JSON array or a space-separated string).
 * Only the roles of {@link Role} ({@code user}, {@code tenant-admin}, {@code operator}) are recognised; any other
 * value, also the former {@code admin}, is ignored. A valid token with none of them is refused with 403
 * ({@link ForbiddenException}): it proves who the caller is, but grants nothing here.
 *
 * <p>Failures are {@link UnauthorizedException}s with error {@code invalid_token} and a general reason that
 * never echoes the token; a missing header carries no error code (RFC 6750 §3.1). A JWKS endpoint that cannot
 * be reached is a {@link DependencyException} (503), not the caller's fault.
 */
public final class JwtAuthenticator implements Authenticator {

    /** Longer tokens are refused before parsing. */
    public static final int MAX_TOKEN_LENGTH = 8 * 1024;
    static final String JWKS_COMPONENT = "auth-jwks";
    static final String SIGNING_KEY_SECRET = "jwt-signing-key";
    static final String PREVIOUS_SIGNING_KEY_SECRET = "jwt-signing-key-previous";
    static final Duration JWKS_CACHE_TTL = Duration.ofMinutes(15);
    static final Duration JWKS_MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(JwtAuthenticator.class);
    private static final Set<String> KEY_HEADER_PARAMS = Set.of("jwk", "jku", "x5u", "x5c");
    private static final int JWKS_TIMEOUT_MS = 3000;
    private static final int JWKS_SIZE_LIMIT = 512 * 1024;
    private static final int MAX_IDENTITY_LENGTH = 255;

    private final AuthSettings settings;
    private final Supplier<List<byte[]>> hmacKeys;
    private final Optional<JWKSource<SecurityContext>> jwks;
    private final DefaultJWTProcessor<SecurityContext> processor;
    private final Clock clock;
    /** Tokens whose signature and claims were verified, by their exact text (see {@link #authenticate}). */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    /** How long a verified token is trusted without verifying it again (also bounds a revoked key's afterlife). */
    static final Duration VERIFIED_TTL = Duration.ofSeconds(60);
    static final int VERIFIED_MAX = 10_000;

    private record Verified(Caller caller, Instant notBefore, Instant usableUntil) {
    }

    /**
     * @param hmacKeys the HS256 keys to try, current first; asked on every HS256 token (cheap: cached upstream)
     * @param jwks     the RSA keys for RS256, empty when RS256 is not accepted
     */
    JwtAuthenticator(AuthSettings settings, Supplier<List<byte[]>> hmacKeys,
                     Optional<JWKSource<SecurityContext>> jwks, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.hmacKeys = Objects.requireNonNull(hmacKeys, "hmacKeys");
        this.jwks = Objects.requireNonNull(jwks, "jwks");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.processor = new DefaultJWTProcessor<>();
        this.processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
                JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        this.processor.setJWSKeySelector(new KeySelector());
        this.processor.setJWTClaimsSetVerifier(new ClaimsVerifier(settings.issuer(), settings.audiences(),
                settings.clockSkew(), Objects.requireNonNull(clock, "clock")));
    }

    /**
     * The authenticator of the app: HS256 keys from {@code secrets}, RS256 keys from AUTH_JWKS_URL when set.
     */
    public static JwtAuthenticator create(AuthSettings settings, SecretResolver secrets, Clock clock) {
        Objects.requireNonNull(secrets, "secrets");
        return new JwtAuthenticator(settings, secretKeys(settings, secrets),
                settings.jwksUrl().map(url -> jwkSource(url, JWKS_MIN_REFRESH_INTERVAL)), clock);
    }

    /** A cached, rate-limited, retrying JWKS source over {@code url} (keys are refetched for an unknown kid). */
    static JWKSource<SecurityContext> jwkSource(URI url, Duration minRefreshInterval) {
        try {
            return JWKSourceBuilder.<SecurityContext>create(url.toURL(),
                            new DefaultResourceRetriever(JWKS_TIMEOUT_MS, JWKS_TIMEOUT_MS, JWKS_SIZE_LIMIT))
                    .cache(JWKS_CACHE_TTL.toMillis(), JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
                    .refreshAheadCache(false)
                    .rateLimited(minRefreshInterval.toMillis())
                    .retrying(true)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("AUTH_JWKS_URL is not a URL", e);
        }
    }

    private static Supplier<List<byte[]>> secretKeys(AuthSettings settings, SecretResolver secrets) {
        AtomicBoolean warned = new AtomicBoolean();
        return () -> {
            List<byte[]> keys = new ArrayList<>(2);
            for (String name : List.of(SIGNING_KEY_SECRET, PREVIOUS_SIGNING_KEY_SECRET)) {
                Optional<String> value = secrets.find(name);
                if (value.isEmpty()) {
                    continue;
                }
                if (settings.environment() == AppEnvironment.AZURE
                        && value.get().equals(AuthSettings.LOCAL_SAMPLE_SIGNING_KEY)) {
                    if (warned.compareAndSet(false, true)) {
                        log.error("secret {} is the public local sample key; it is ignored in azure", name);
                    }
                    continue;
                }
                byte[] bytes = value.get().getBytes(StandardCharsets.UTF_8);
                if (bytes.length >= AuthSettings.MIN_SIGNING_KEY_BYTES) {
                    keys.add(bytes);
                } else if (warned.compareAndSet(false, true)) {
                    log.error("secret {} is shorter than {} bytes; it is ignored", name,
                            AuthSettings.MIN_SIGNING_KEY_BYTES);
                }
            }
            return keys;
        };
    }

    /**
     * Verifies the bearer token: header, signature, claims. A token verified in the last {@link #VERIFIED_TTL}
     * (the exact same text, so the same signature) is trusted again without another signature check and claims
     * parse, while it is inside its own nbf/exp window: this halves the CPU of a cached API read. The price is that
     * removing a signing key (rotation after a leak) stops tokens this instance has already seen at most
     * {@link #VERIFIED_TTL} later; at most {@link #VERIFIED_MAX} tokens are remembered.
     */
    @Override
    public Caller authenticate(String authorizationHeader) {
        String token = bearerToken(authorizationHeader);
        Instant now = clock.instant();
        Verified known = verified.get(token);
        if (known != null) {
            if (now.isBefore(known.usableUntil()) && !now.isBefore(known.notBefore())) {
                return known.caller();
            }
            verified.remove(token, known);
        }
        SignedJWT jwt = parse(token);
        checkHeader(jwt.getHeader());
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (ClaimsVerifier.Rejected e) {
            throw invalid(e.getMessage(), null);
        } catch (BadJWSException e) {
            throw invalid("the token's signature is not valid", e);
        } catch (BadJWTException e) {
            throw invalid("the token's claims are not valid", e);
        } catch (BadJOSEException e) {
            throw invalid("the token is not valid", e);
        } catch (RateLimitReachedException e) {
            throw invalid("the token's signing key is not known", e);
        } catch (KeySourceException e) {
            throw new DependencyException(JWKS_COMPONENT, true, "the token signing keys could not be fetched", e);
        } catch (JOSEException e) {
            throw invalid("the token's signature could not be verified", e);
        }
        Caller caller = caller(claims);
        remember(token, caller, claims, now);
        return caller;
    }

    private void remember(String token, Caller caller, JWTClaimsSet claims, Instant now) {
        if (claims.getExpirationTime() == null) {
            return;
        }
        Instant until = claims.getExpirationTime().toInstant().plus(settings.clockSkew());
        Instant notBefore = claims.getNotBeforeTime() == null ? Instant.MIN
                : claims.getNotBeforeTime().toInstant().minus(settings.clockSkew());
        if (until.isAfter(now.plus(VERIFIED_TTL))) {
            until = now.plus(VERIFIED_TTL);
        }
        if (verified.size() >= VERIFIED_MAX) {
            verified.clear();
        }
        verified.put(token, new Verified(caller, notBefore, until));
    }

    private static String bearerToken(String header) {
        if (header == null || header.isBlank()) {
            throw new UnauthorizedException(null, "the request has no bearer token");
        }
        String value = header.strip();
        if (value.equalsIgnoreCase("Bearer")) {
            throw invalid("the bearer token is empty", null);
        }
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            throw invalid("only the Bearer authorization scheme is accepted", null);
        }
        String token = value.substring(space + 1).strip();
        if (token.isEmpty()) {
            throw invalid("the bearer token is empty", null);
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw invalid("the bearer token is too long", null);
        }
        return token;
    }

    private static SignedJWT parse(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw invalid("the bearer token is not a well-formed JWT", null);
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw invalid("unsigned and encrypted tokens are not accepted", null);
        }
        return signed;
    }

    private void checkHeader(JWSHeader header) {
        for (String param : header.getIncludedParams()) {
            if (KEY_HEADER_PARAMS.contains(param.toLowerCase(Locale.ROOT))) {
                throw invalid("the token's header carries a key or a key location (jwk, jku, x5u, x5c),"
                        + " which is not accepted", null);
            }
        }
        JWSAlgorithm alg = header.getAlgorithm();
        boolean accepted = (JWSAlgorithm.HS256.equals(alg) && !hmacKeysEmpty())
                || (JWSAlgorithm.RS256.equals(alg) && jwks.isPresent());
        if (!accepted) {
            throw invalid("the token's algorithm is not accepted", null);
        }
    }

    private boolean hmacKeysEmpty() {
        return hmacKeys.get().isEmpty();
    }

    private Caller caller(JWTClaimsSet claims) {
        String subject = identity(claims.getSubject(), "sub");
        String tenant = identity(stringClaim(claims, settings.tenantClaim()), "tenant");
        Set<Role> roles = roles(claims.getClaim(settings.rolesClaim()));
        if (roles.isEmpty()) {
            throw new ForbiddenException("the token grants none of the roles user, tenant-admin, operator");
        }
        return new Caller(subject, tenant, roles);
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String s ? s : null;
    }

    private static String identity(String value, String what) {
        if (value == null || value.isBlank()) {
            throw invalid("the token has no " + what + " claim", null);
        }
        if (value.length() > MAX_IDENTITY_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
            throw invalid("the token's " + what + " claim is not acceptable", null);
        }
        return value;
    }

    /** The recognised roles in a claim that is a JSON array of strings or one space-separated string. */
    static Set<Role> roles(Object claim) {
        Collection<?> values;
        if (claim instanceof Collection<?> list) {
            values = list;
        } else if (claim instanceof String s) {
            values = List.of(s.trim().split("\\s+"));
        } else {
            return Set.of();
        }
        Set<Role> roles = new LinkedHashSet<>();
        for (Object value : values) {
            Role.fromClaim(value).ifPresent(roles::add);
        }
        return Set.copyOf(roles);
    }

    private static UnauthorizedException invalid(String reason, Throwable cause) {
        return new UnauthorizedException("invalid_token", reason, cause);
    }

    /** HS256 → the shared secrets only; RS256 → the JWKS's RSA keys only; anything else → no key. */
    private final class KeySelector implements JWSKeySelector<SecurityContext> {

        private final Optional<JWSVerificationKeySelector<SecurityContext>> rsa =
                jwks.map(source -> new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, source));

        @Override
        public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context)
                throws KeySourceException {
            if (JWSAlgorithm.HS256.equals(header.getAlgorithm())) {
                List<Key> keys = new ArrayList<>(2);
                for (byte[] secret : hmacKeys.get()) {
                    keys.add(new SecretKeySpec(secret, "HmacSHA256"));
                }
                return keys;
            }
            if (JWSAlgorithm.RS256.equals(header.getAlgorithm()) && rsa.isPresent()) {
                List<Key> keys = new ArrayList<>();
                for (Key key : rsa.get().selectJWSKeys(header, context)) {
                    if (key instanceof java.security.interfaces.RSAPublicKey) {
                        keys.add(key);
                    }
                }
                return keys;
            }
            return List.of();
        }
    }
}
