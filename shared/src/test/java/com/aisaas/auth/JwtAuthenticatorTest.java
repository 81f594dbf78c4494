package com.aisaas.auth;

import com.aisaas.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.aisaas.common.ForbiddenException;
import com.aisaas.common.UnauthorizedException;
import com.aisaas.config.AppEnvironment;
import com.aisaas.config.AuthSettings;
import com.aisaas.secrets.SecretResolver;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Token validation: a table of attack tokens that must be refused, and the valid tokens that must pass. */
class JwtAuthenticatorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String ISSUER = "https://issuer.test/v2.0";
    private static final String AUDIENCE = "api://aisaas";
    private static final byte[] HS_KEY = "unit-test-hs256-signing-key-long-enough-for-hs512-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PREVIOUS_KEY = "unit-test-previous-hs256-key-0123456789abcd".getBytes(StandardCharsets.UTF_8);
    private static final RSAKey RSA = rsaKey("trusted-1");
    private static final RSAKey ATTACKER_RSA = rsaKey("trusted-1"); // same kid as the trusted key
    private static final ECKey ATTACKER_EC = ecKey();

    private static final AuthSettings SETTINGS = settings(AppEnvironment.LOCAL);
    private static final JwtAuthenticator BOTH = new JwtAuthenticator(SETTINGS, () -> List.of(HS_KEY, PREVIOUS_KEY),
            Optional.of(new ImmutableJWKSet<>(new JWKSet(RSA.toPublicJWK()))), CLOCK);
    private static final JwtAuthenticator JWKS_ONLY = new JwtAuthenticator(SETTINGS, List::of,
            Optional.of(new ImmutableJWKSet<>(new JWKSet(RSA.toPublicJWK()))), CLOCK);
    private static final JwtAuthenticator HMAC_ONLY = new JwtAuthenticator(SETTINGS, () -> List.of(HS_KEY),
            Optional.empty(), CLOCK);

    // ---------------------------------------------------------------- the table

    record Row(String name, Authenticator target, String header) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> attacks() {
        String valid = hs256(claims(), HS_KEY);
        String[] parts = valid.split("\\.");
        String payload = parts[1];
        byte[] rsaDer = publicKeyDer(RSA);
        byte[] rsaPem = ("-----BEGIN PUBLIC KEY-----\n" + Base64.encode(rsaDer) + "\n-----END PUBLIC KEY-----\n")
                .getBytes(StandardCharsets.US_ASCII);
        return Stream.of(
                // unsigned tokens and alg none
                row("alg none with an empty signature", BOTH, bearer(b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".")),
                row("alg None (mixed case)", BOTH, bearer(b64("{\"alg\":\"None\"}") + "." + payload + ".")),
                row("alg NONE keeping a valid HS256 signature", BOTH, bearer(b64("{\"alg\":\"NONE\"}") + "." + payload + "." + parts[2])),
                row("alg none against a JWKS-only validator", JWKS_ONLY, bearer(b64("{\"alg\":\"none\"}") + "." + payload + ".")),
                row("two-part token without signature", BOTH, bearer(parts[0] + "." + parts[1])),
                row("valid header and payload, signature stripped", BOTH, bearer(parts[0] + "." + parts[1] + ".")),
                // algorithm confusion and key type binding
                row("HS256 signed with the RSA public key (DER) — JWKS only", JWKS_ONLY, bearer(hs256(claims(), rsaDer))),
                row("HS256 signed with the RSA public key (DER) — both configured", BOTH, bearer(hs256(claims(), rsaDer))),
                row("HS256 signed with the RSA public key (PEM)", BOTH, bearer(hs256(claims(), rsaPem))),
                row("HS256 signed with the RSA modulus bytes", BOTH, bearer(hs256(claims(), RSA.getModulus().decode()))),
                row("HS256 with the right key when only JWKS is configured", JWKS_ONLY, bearer(valid)),
                row("RS256 with the right key when only HS256 is configured", HMAC_ONLY, bearer(rs256(claims(), RSA, h -> { }))),
                row("HS384 with the right secret", BOTH, bearer(sign(JWSAlgorithm.HS384, claims(), HS_KEY))),
                row("HS512 with the right secret", BOTH, bearer(sign(JWSAlgorithm.HS512, claims(), HS_KEY))),
                row("RS512 with the right RSA key", BOTH, bearer(signRsa(JWSAlgorithm.RS512, claims(), RSA))),
                row("PS256 with the right RSA key", BOTH, bearer(signRsa(JWSAlgorithm.PS256, claims(), RSA))),
                row("ES256 with an attacker's EC key", BOTH, bearer(es256(claims()))),
                // keys from the token, kid tricks
                row("RS256 by an attacker reusing the trusted kid", BOTH, bearer(rs256(claims(), ATTACKER_RSA, h -> { }))),
                row("RS256 with the attacker's key embedded as jwk", BOTH,
                        bearer(rs256(claims(), ATTACKER_RSA, h -> h.jwk(ATTACKER_RSA.toPublicJWK())))),
                row("RS256 with jku pointing at the attacker's JWKS", BOTH,
                        bearer(rs256(claims(), ATTACKER_RSA, h -> h.jwkURL(URI.create("https://attacker.test/jwks"))))),
                row("RS256 signed with the trusted key but naming a jku", BOTH,
                        bearer(rs256(claims(), RSA, h -> h.jwkURL(URI.create("https://attacker.test/jwks"))))),
                row("RS256 with x5u pointing at the attacker", BOTH,
                        bearer(rs256(claims(), ATTACKER_RSA, h -> h.x509CertURL(URI.create("https://attacker.test/cert"))))),
                row("RS256 with an x5c chain", BOTH,
                        bearer(rs256(claims(), ATTACKER_RSA, h -> h.x509CertChain(List.of(Base64.encode(rsaDer)))))),
                row("RS256 with an unknown kid", BOTH, bearer(rs256(claims(), rsaKey("unknown"), h -> { }))),
                row("HS256 with a path-traversal kid and a zero key", BOTH,
                        bearer(sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("../../../../dev/null").build(),
                                claims(), new byte[32]))),
                row("HS256 with a wrong secret", BOTH, bearer(hs256(claims(), "another-secret-of-thirty-two-bytes!!".getBytes(StandardCharsets.UTF_8)))),
                row("HS256 with the previous key when no previous key is configured", HMAC_ONLY, bearer(hs256(claims(), PREVIOUS_KEY))),
                row("crit header naming an unknown extension", BOTH,
                        bearer(sign(new JWSHeader.Builder(JWSAlgorithm.HS256).criticalParams(Set.of("exp-ext"))
                                .customParam("exp-ext", true).build(), claims(), HS_KEY))),
                row("typ of another kind of token", BOTH,
                        bearer(sign(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("secevent+jwt")).build(),
                                claims(), HS_KEY))),
                // time
                row("expired beyond the clock skew", BOTH, bearer(hs256(claims(c -> c.expirationTime(at(-61))), HS_KEY))),
                row("expired long ago", BOTH, bearer(hs256(claims(c -> c.expirationTime(at(-86_400))), HS_KEY))),
                row("without exp", BOTH, bearer(hs256(claims(c -> c.expirationTime(null)), HS_KEY))),
                row("not valid before a time beyond the clock skew", BOTH, bearer(hs256(claims(c -> c.notBeforeTime(at(61))), HS_KEY))),
                row("exp that is not a number", BOTH, bearer(signRaw("{\"alg\":\"HS256\"}",
                        "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"a\",\"tid\":\"t\","
                                + "\"roles\":[\"user\"],\"exp\":\"tomorrow\"}", HS_KEY))),
                // issuer, audience, subject, tenant
                row("wrong issuer", BOTH, bearer(hs256(claims(c -> c.issuer("https://evil.test/v2.0")), HS_KEY))),
                row("issuer differing in case", BOTH, bearer(hs256(claims(c -> c.issuer(ISSUER.toUpperCase())), HS_KEY))),
                row("without issuer", BOTH, bearer(hs256(claims(c -> c.issuer(null)), HS_KEY))),
                row("wrong audience", BOTH, bearer(hs256(claims(c -> c.audience("api://other")), HS_KEY))),
                row("without audience", BOTH, bearer(hs256(claims(c -> c.audience((String) null)), HS_KEY))),
                row("without sub", BOTH, bearer(hs256(claims(c -> c.subject(null)), HS_KEY))),
                row("blank sub", BOTH, bearer(hs256(claims(c -> c.subject("  ")), HS_KEY))),
                row("sub with control characters", BOTH, bearer(hs256(claims(c -> c.subject("alice\nadmin")), HS_KEY))),
                row("without tenant claim", BOTH, bearer(hs256(claims(c -> c.claim("tid", null)), HS_KEY))),
                row("tenant claim that is not a string", BOTH, bearer(hs256(claims(c -> c.claim("tid", 42)), HS_KEY))),
                // tampering
                row("payload changed after signing (sub)", BOTH, bearer(parts[0] + "." + b64(claims(c -> c.subject("mallory"))
                        .toString()) + "." + parts[2])),
                row("payload changed after signing (roles)", BOTH, bearer(parts[0] + "." + b64(claims(c -> c.claim("roles",
                        List.of("admin"))).toString()) + "." + parts[2])),
                row("header changed after signing (kid added)", BOTH, bearer(b64("{\"alg\":\"HS256\",\"kid\":\"x\"}") + "."
                        + parts[1] + "." + parts[2])),
                row("signature of another token", BOTH, bearer(parts[0] + "." + parts[1] + "."
                        + hs256(claims(c -> c.subject("bob")), HS_KEY).split("\\.")[2])),
                row("payload that is a JSON array, validly signed", BOTH, bearer(signRaw("{\"alg\":\"HS256\"}", "[1,2]", HS_KEY))),
                // not a JWS at all
                row("garbage", BOTH, bearer("garbage")),
                row("three empty parts", BOTH, bearer("..")),
                row("three random parts", BOTH, bearer("a.b.c")),
                row("not base64url", BOTH, bearer("!!!.@@@.###")),
                row("header that is not JSON", BOTH, bearer(b64("not json") + "." + payload + "." + parts[2])),
                row("JWE encrypted with the shared key", BOTH, bearer(jwe())),
                row("oversized token (> 8 KiB) validly signed", BOTH,
                        bearer(hs256(claims(c -> c.claim("pad", "x".repeat(9000))), HS_KEY))),
                // schemes
                row("Basic scheme", BOTH, "Basic YWxpY2U6cGFzc3dvcmQ="),
                row("Token scheme with a valid token", BOTH, "Token " + valid),
                row("valid token without a scheme", BOTH, valid),
                row("Bearer without a token", BOTH, "Bearer"),
                row("Bearer with blanks only", BOTH, "Bearer    "),
                row("Bearer with two tokens", BOTH, "Bearer " + valid + " " + valid),
                row("Bearer glued to the token", BOTH, "Bearer" + valid));
    }

    @ParameterizedTest(name = "[{index}] rejects {0}")
    @MethodSource("attacks")
    void authenticate_attackToken_isRejectedAsInvalidToken(Row row) {
        assertThatThrownBy(() -> row.target().authenticate(row.header()))
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.headers().get("WWW-Authenticate"))
                            .startsWith("Bearer realm=\"aisaas\"")
                            .contains("error=\"invalid_token\"");
                    assertThat(e.getMessage()).doesNotContain(token(row.header()));
                });
    }

    record Control(String name, Authenticator target, String header, String subject, Set<String> roles) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Control> controls() {
        return Stream.of(
                control("HS256 with the current key", BOTH, bearer(hs256(claims(), HS_KEY)), Set.of("user")),
                control("HS256 with the previous key during a rotation", BOTH, bearer(hs256(claims(), PREVIOUS_KEY)),
                        Set.of("user")),
                control("HS256 when only HS256 is configured", HMAC_ONLY, bearer(hs256(claims(), HS_KEY)), Set.of("user")),
                control("RS256 from the JWKS, with kid", BOTH, bearer(rs256(claims(), RSA, h -> { })), Set.of("user")),
                control("RS256 from the JWKS, JWKS only", JWKS_ONLY, bearer(rs256(claims(), RSA, h -> { })), Set.of("user")),
                control("RS256 without kid", BOTH, bearer(signRsa(JWSAlgorithm.RS256, claims(), RSA.toRSAKey(), false)),
                        Set.of("user")),
                control("expired within the clock skew", BOTH, bearer(hs256(claims(c -> c.expirationTime(at(-59))), HS_KEY)),
                        Set.of("user")),
                control("nbf within the clock skew", BOTH, bearer(hs256(claims(c -> c.notBeforeTime(at(59))), HS_KEY)),
                        Set.of("user")),
                control("lower-case bearer scheme", BOTH, "bearer " + hs256(claims(), HS_KEY), Set.of("user")),
                control("roles as a space-separated string", BOTH,
                        bearer(hs256(claims(c -> c.claim("roles", "user tenant-admin")), HS_KEY)),
                        Set.of("user", "tenant-admin")),
                control("operator only, unknown and former roles ignored", BOTH,
                        bearer(hs256(claims(c -> c.claim("roles", List.of("operator", "admin", "superuser"))), HS_KEY)),
                        Set.of("operator")),
                control("audience list containing ours", BOTH,
                        bearer(hs256(claims(c -> c.audience(List.of("api://other", AUDIENCE))), HS_KEY)), Set.of("user")),
                control("typ at+jwt", BOTH, bearer(sign(new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(new JOSEObjectType("at+jwt")).build(), claims(), HS_KEY)), Set.of("user")),
                control("no typ", BOTH, bearer(sign(new JWSHeader.Builder(JWSAlgorithm.HS256).build(), claims(), HS_KEY)),
                        Set.of("user")));
    }

    @ParameterizedTest(name = "[{index}] accepts {0}")
    @MethodSource("controls")
    void authenticate_validToken_returnsTheCaller(Control control) {
        Caller caller = control.target().authenticate(control.header());

        assertThat(caller.subject()).isEqualTo("alice");
        assertThat(caller.tenantId()).isEqualTo("tenant-1");
        assertThat(caller.roles()).extracting(Role::claimValue).containsExactlyInAnyOrderElementsOf(control.roles());
        assertThat(caller.crossTenant()).isEqualTo(control.roles().contains("operator"));
    }

    // ---------------------------------------------------------------- single behaviours

    @Test
    void authenticate_withoutHeader_isUnauthorizedWithoutAnErrorCode() {
        for (String header : new String[] {null, "", "   "}) {
            assertThatThrownBy(() -> BOTH.authenticate(header))
                    .isInstanceOfSatisfying(UnauthorizedException.class, e ->
                            assertThat(e.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"aisaas\""));
        }
    }

    @Test
    void authenticate_validTokenWithoutARecognisedRole_isForbidden() {
        for (Object roles : Arrays.asList(null, List.of(), List.of("guest", "Admin"), "reader writer", 7,
                List.of("admin"), "admin", List.of("Operator", "tenant_admin", "TENANT-ADMIN"))) {
            String token = hs256(claims(c -> c.claim("roles", roles)), HS_KEY);

            assertThatThrownBy(() -> BOTH.authenticate(bearer(token)))
                    .as("roles %s", roles)
                    .isInstanceOf(ForbiddenException.class)
                    .hasMessageContaining("none of the roles user, tenant-admin, operator");
        }
    }

    @Test
    void authenticate_reasons_areGeneralAndDistinguishExpiryFromSignature() {
        assertThatThrownBy(() -> BOTH.authenticate(bearer(hs256(claims(c -> c.expirationTime(at(-3600))), HS_KEY))))
                .hasMessage("the token has expired");
        assertThatThrownBy(() -> BOTH.authenticate(bearer(hs256(claims(), "x".repeat(32).getBytes(StandardCharsets.UTF_8)))))
                .hasMessage("the token's signature is not valid");
        assertThatThrownBy(() -> BOTH.authenticate(bearer(hs256(claims(c -> c.audience("api://x")), HS_KEY))))
                .hasMessage("the token's audience is not accepted");
    }

    @Test
    void authenticate_signatureIsCheckedBeforeClaims_soForgedClaimsRevealNothing() {
        String forgedExpired = hs256(claims(c -> c.expirationTime(at(-3600))), "y".repeat(32).getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> BOTH.authenticate(bearer(forgedExpired)))
                .hasMessage("the token's signature is not valid");
    }

    @Test
    void create_readsTheKeyThroughTheSecretResolver_andPicksUpARotationAfterItsTtl() {
        MutableClock clock = new MutableClock(NOW);
        SecretClient vault = mock(SecretClient.class);
        String oldKey = "old-key-from-key-vault-0123456789abcdef";
        String newKey = "new-key-from-key-vault-0123456789abcdef";
        when(vault.getSecret(eq("jwt-signing-key"), isNull()))
                .thenReturn(new KeyVaultSecret("jwt-signing-key", oldKey))
                .thenReturn(new KeyVaultSecret("jwt-signing-key", newKey));
        SecretResolver secrets = new SecretResolver(Map.of(), Optional.of(URI.create("https://v.vault.azure.net")),
                Duration.ofMinutes(5), uri -> vault, clock);
        JwtAuthenticator authenticator = JwtAuthenticator.create(SETTINGS, secrets, clock);
        String signedWithNew = bearer(hs256(claims(), newKey.getBytes(StandardCharsets.UTF_8)));

        assertThat(authenticator.authenticate(bearer(hs256(claims(), oldKey.getBytes(StandardCharsets.UTF_8))))
                .subject()).isEqualTo("alice");
        assertThatThrownBy(() -> authenticator.authenticate(signedWithNew)).isInstanceOf(UnauthorizedException.class);

        clock.advance(Duration.ofMinutes(6));

        assertThat(authenticator.authenticate(signedWithNew).subject()).isEqualTo("alice");
    }

    @Test
    void authenticate_trustsAVerifiedToken_onlyInsideItsExpiry_andTheTtl() {
        MutableClock clock = new MutableClock(NOW);
        List<byte[]> keys = new java.util.ArrayList<>(List.of(HS_KEY));
        JwtAuthenticator authenticator = new JwtAuthenticator(SETTINGS, () -> List.copyOf(keys), Optional.empty(), clock);
        String expiring = bearer(hs256(claims(b -> b.expirationTime(at(-50))), HS_KEY)); // valid 10 s more (skew 60)
        String longLived = bearer(hs256(claims(b -> b.subject("bob")), HS_KEY));

        assertThat(authenticator.authenticate(expiring).subject()).isEqualTo("alice");
        assertThat(authenticator.authenticate(longLived).subject()).isEqualTo("bob");

        // a remembered token is never accepted past its own expiry, with the same keys
        clock.advance(Duration.ofSeconds(11));
        assertThatThrownBy(() -> authenticator.authenticate(expiring))
                .isInstanceOf(UnauthorizedException.class);

        // the key is removed (rotation after a leak): a remembered token passes only until the TTL ...
        keys.clear();
        keys.add(PREVIOUS_KEY);
        assertThat(authenticator.authenticate(longLived).subject()).isEqualTo("bob");
        // ... then it is verified again, against the keys of that moment
        clock.advance(JwtAuthenticator.VERIFIED_TTL);
        assertThatThrownBy(() -> authenticator.authenticate(longLived))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessage("the token's signature is not valid");
    }

    @Test
    void create_inAzure_neverAcceptsTheLocalSampleKey_evenWhenAVaultReturnsIt() {
        SecretResolver secrets = new SecretResolver(
                Map.of("JWT_SIGNING_KEY", AuthSettings.LOCAL_SAMPLE_SIGNING_KEY), Optional.empty(), Duration.ZERO,
                uri -> {
                    throw new AssertionError("no vault");
                }, CLOCK);
        String sampleToken = bearer(hs256(claims(), AuthSettings.LOCAL_SAMPLE_SIGNING_KEY.getBytes(StandardCharsets.UTF_8)));

        JwtAuthenticator local = JwtAuthenticator.create(settings(AppEnvironment.LOCAL), secrets, CLOCK);
        JwtAuthenticator azure = JwtAuthenticator.create(settings(AppEnvironment.AZURE), secrets, CLOCK);

        assertThat(local.authenticate(sampleToken).subject()).isEqualTo("alice");
        assertThatThrownBy(() -> azure.authenticate(sampleToken))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessage("the token's algorithm is not accepted");
    }

    @Test
    void roles_readsArraysAndSpaceSeparatedStrings_recognisingOnlyUserTenantAdminAndOperator() {
        assertThat(JwtAuthenticator.roles(List.of("user", "admin", "root", "operator")))
                .containsExactlyInAnyOrder(Role.USER, Role.OPERATOR);
        assertThat(JwtAuthenticator.roles(" tenant-admin  user admin ")).containsExactlyInAnyOrder(Role.USER,
                Role.TENANT_ADMIN);
        assertThat(JwtAuthenticator.roles("admin")).as("the former global admin role grants nothing").isEmpty();
        assertThat(JwtAuthenticator.roles("USER")).isEmpty();
        assertThat(JwtAuthenticator.roles(Map.of("user", true))).isEmpty();
        assertThat(JwtAuthenticator.roles(null)).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    static AuthSettings settings(AppEnvironment environment) {
        return new AuthSettings(ISSUER, Set.of(AUDIENCE), Optional.empty(), Duration.ofSeconds(60), "tid", "roles",
                environment);
    }

    private static Row row(String name, Authenticator target, String header) {
        return new Row(name, target, header);
    }

    private static Control control(String name, Authenticator target, String header, Set<String> roles) {
        return new Control(name, target, header, "alice", roles);
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String token(String header) {
        int space = header.indexOf(' ');
        String token = space < 0 ? header : header.substring(space + 1);
        return token.length() < 20 ? "\u0000never" : token;
    }

    static Date at(long secondsFromNow) {
        return Date.from(NOW.plusSeconds(secondsFromNow));
    }

    static JWTClaimsSet claims() {
        return claims(c -> { });
    }

    static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("alice")
                .claim("tid", "tenant-1")
                .claim("roles", List.of("user"))
                .issueTime(at(-60))
                .expirationTime(at(600));
        change.accept(builder);
        return builder.build();
    }

    static String hs256(JWTClaimsSet claims, byte[] key) {
        return sign(JWSAlgorithm.HS256, claims, key);
    }

    static String sign(JWSAlgorithm alg, JWTClaimsSet claims, byte[] key) {
        return sign(new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).build(), claims, key);
    }

    static String sign(JWSHeader header, JWTClaimsSet claims, byte[] key) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new MACSigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String rs256(JWTClaimsSet claims, RSAKey key, Consumer<JWSHeader.Builder> change) {
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(key.getKeyID());
        change.accept(header);
        return signWith(header.build(), claims, rsaSigner(key));
    }

    private static String signRsa(JWSAlgorithm alg, JWTClaimsSet claims, RSAKey key) {
        return signRsa(alg, claims, key, true);
    }

    private static String signRsa(JWSAlgorithm alg, JWTClaimsSet claims, RSAKey key, boolean withKid) {
        JWSHeader.Builder header = new JWSHeader.Builder(alg).type(JOSEObjectType.JWT);
        if (withKid) {
            header.keyID(key.getKeyID());
        }
        return signWith(header.build(), claims, rsaSigner(key));
    }

    private static String es256(JWTClaimsSet claims) {
        try {
            return signWith(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ATTACKER_EC.getKeyID()).build(), claims,
                    new ECDSASigner(ATTACKER_EC));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWSSigner rsaSigner(RSAKey key) {
        try {
            return new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String signWith(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs arbitrary header and payload text with HS256 (for payloads no claims builder would produce). */
    private static String signRaw(String headerJson, String payloadJson, byte[] key) {
        try {
            JWSObject jws = new JWSObject(JWSHeader.parse(headerJson), new Payload(payloadJson));
            jws.sign(new MACSigner(key));
            return jws.serialize();
        } catch (JOSEException | java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jwe() {
        try {
            JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM),
                    new Payload(claims().toJSONObject()));
            jwe.encrypt(new DirectEncrypter(Arrays.copyOf(HS_KEY, 32)));
            return jwe.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String text) {
        return Base64URL.encode(text.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static byte[] publicKeyDer(RSAKey key) {
        try {
            return key.toRSAPublicKey().getEncoded();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey ecKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

}
