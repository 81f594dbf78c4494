package com.aisaas.e2e;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Signs test tokens independently of the app's own code, as an identity provider would. */
final class Tokens {

    static final String SIGNING_KEY = "e2e-only-signing-key-of-at-least-32-bytes!!";
    static final String ISSUER = "aisaas-e2e";
    static final String AUDIENCE = "aisaas-api";

    private Tokens() {
    }

    static String user(String subject) {
        return sign(subject, "tenant-e2e", List.of("user"), Instant.now().plus(Duration.ofHours(1)));
    }

    static String tenantAdmin(String subject) {
        return sign(subject, "tenant-e2e", List.of("tenant-admin"), Instant.now().plus(Duration.ofHours(1)));
    }

    static String operator(String subject) {
        return sign(subject, "operations-e2e", List.of("operator"), Instant.now().plus(Duration.ofHours(1)));
    }

    /** A token with only the former global {@code admin} role, which grants nothing any more. */
    static String formerAdmin(String subject) {
        return sign(subject, "tenant-e2e", List.of("admin"), Instant.now().plus(Duration.ofHours(1)));
    }

    static String expired(String subject) {
        return sign(subject, "tenant-e2e", List.of("user"), Instant.now().minus(Duration.ofHours(1)));
    }

    static String sign(String subject, String tenant, List<String> roles, Instant expires) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .claim("tid", tenant)
                .claim("roles", roles)
                .issueTime(Date.from(expires.minus(Duration.ofHours(2))))
                .expirationTime(Date.from(expires))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(SIGNING_KEY.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
