package com.aisaas.auth;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The claim rules, run by nimbus after the signature has been verified: {@code exp} required and not past,
 * {@code nbf} not in the future (both with the clock skew), {@code iss} exactly the issuer, {@code aud}
 * naming one of the audiences, {@code sub} present. Its messages are general enough for a client to read.
 */
final class ClaimsVerifier implements JWTClaimsSetVerifier<SecurityContext> {

    private final String issuer;
    private final Set<String> audiences;
    private final Duration skew;
    private final Clock clock;

    ClaimsVerifier(String issuer, Set<String> audiences, Duration skew, Clock clock) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audiences = Set.copyOf(audiences);
        this.skew = Objects.requireNonNull(skew, "skew");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new Rejected("the token has no expiry (exp)");
        }
        if (now.isAfter(exp.toInstant().plus(skew))) {
            throw new Rejected("the token has expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
            throw new Rejected("the token is not valid yet");
        }
        if (!issuer.equals(claims.getIssuer())) {
            throw new Rejected("the token's issuer is not accepted");
        }
        List<String> aud = claims.getAudience();
        if (aud == null || aud.stream().noneMatch(audiences::contains)) {
            throw new Rejected("the token's audience is not accepted");
        }
        if (claims.getSubject() == null || claims.getSubject().isBlank()) {
            throw new Rejected("the token has no subject (sub)");
        }
    }

    /** A claim rule failed; the message is meant for the client. */
    static final class Rejected extends BadJWTException {
        Rejected(String message) {
            super(message);
        }
    }
}
