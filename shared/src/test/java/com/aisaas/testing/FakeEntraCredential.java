package com.aisaas.testing;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/**
 * A {@link TokenCredential} standing in for a managed identity: every call issues a new JWT shaped like an Entra ID
 * access token (issuer {@code https://sts.windows.net/<tenant>/}, audience from the requested scope, {@code oid},
 * {@code tid}, {@code iat}/{@code nbf}/{@code exp}), signed with a random key nobody checks. It records what it was
 * asked for and what it issued, so tests can assert on scopes and find tokens in logs.
 */
public final class FakeEntraCredential implements TokenCredential {

    private final String tenantId;
    private final String objectId;
    private final Duration lifetime;
    private final Clock clock;
    private final byte[] key = new byte[32];
    private final List<TokenRequestContext> requests = new CopyOnWriteArrayList<>();
    private final List<String> issued = new CopyOnWriteArrayList<>();

    public FakeEntraCredential(String tenantId, String objectId, Duration lifetime, Clock clock) {
        this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
        this.objectId = Objects.requireNonNull(objectId, "objectId");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
        new SecureRandom().nextBytes(key);
    }

    /** A managed identity with random tenant and object ids and one-hour tokens on the system clock. */
    public static FakeEntraCredential random() {
        return new FakeEntraCredential(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                Duration.ofHours(1), Clock.systemUTC());
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.fromSupplier(() -> issue(request));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        return issue(request);
    }

    private AccessToken issue(TokenRequestContext request) {
        requests.add(request);
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        String scope = request.getScopes().isEmpty() ? "" : request.getScopes().get(0);
        String audience = scope.endsWith("/.default") ? scope.substring(0, scope.length() - "/.default".length())
                : scope;
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .audience(audience)
                .issuer("https://sts.windows.net/" + tenantId + "/")
                .issueTime(Date.from(now.minusSeconds(60)))
                .notBeforeTime(Date.from(now.minusSeconds(60)))
                .expirationTime(Date.from(expires))
                .subject(objectId)
                .claim("oid", objectId)
                .claim("tid", tenantId)
                .claim("uti", UUID.randomUUID().toString())
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(key));
            String token = jwt.serialize();
            issued.add(token);
            return new AccessToken(token, OffsetDateTime.ofInstant(expires, ZoneOffset.UTC));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String tenantId() {
        return tenantId;
    }

    public String objectId() {
        return objectId;
    }

    /** The requests, in order. */
    public List<TokenRequestContext> requests() {
        return List.copyOf(requests);
    }

    /** Every token issued so far, in order. */
    public List<String> issued() {
        return List.copyOf(issued);
    }
}
