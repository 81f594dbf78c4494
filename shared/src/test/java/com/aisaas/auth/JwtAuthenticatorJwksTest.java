package com.aisaas.auth;

import static com.aisaas.auth.JwtAuthenticatorTest.bearer;
import static com.aisaas.auth.JwtAuthenticatorTest.claims;
import static com.aisaas.auth.JwtAuthenticatorTest.rs256;
import static com.aisaas.auth.JwtAuthenticatorTest.rsaKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.common.DependencyException;
import com.aisaas.common.UnauthorizedException;
import com.aisaas.config.AppEnvironment;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RS256 with keys from a JWKS endpoint (served in-process here, as Entra ID serves its keys). */
class JwtAuthenticatorJwksTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    private final RSAKey first = rsaKey("k1");
    private final RSAKey second = rsaKey("k2");
    private final AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet(first.toPublicJWK()));
    private final AtomicInteger jwksHits = new AtomicInteger();
    private final AtomicInteger attackerHits = new AtomicInteger();
    private HttpServer server;
    private URI jwksUrl;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/keys", exchange -> {
            jwksHits.incrementAndGet();
            respond(exchange, published.get().toString());
        });
        server.createContext("/attacker", exchange -> {
            attackerHits.incrementAndGet();
            respond(exchange, "{\"keys\":[]}");
        });
        server.start();
        jwksUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/keys");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private JwtAuthenticator authenticator(URI url, Duration minRefreshInterval) {
        return new JwtAuthenticator(JwtAuthenticatorTest.settings(AppEnvironment.LOCAL), List::of,
                Optional.of(JwtAuthenticator.jwkSource(url, minRefreshInterval)), CLOCK);
    }

    @Test
    void rs256_keysComeFromTheJwksEndpoint_andAreCached() {
        JwtAuthenticator authenticator = authenticator(jwksUrl, Duration.ofSeconds(30));

        for (int i = 0; i < 5; i++) {
            assertThat(authenticator.authenticate(bearer(rs256(claims(), first, h -> { }))).subject()).isEqualTo("alice");
        }

        assertThat(jwksHits).hasValue(1);
    }

    @Test
    void rs256_tokenWithANewKid_refetchesTheKeys_soIssuerKeyRotationNeedsNoRestart() {
        JwtAuthenticator authenticator = authenticator(jwksUrl, Duration.ofMillis(1));
        authenticator.authenticate(bearer(rs256(claims(), first, h -> { })));

        published.set(new JWKSet(List.of(first.toPublicJWK(), second.toPublicJWK())));

        assertThat(authenticator.authenticate(bearer(rs256(claims(), second, h -> { }))).subject()).isEqualTo("alice");
        assertThat(jwksHits).hasValue(2);
    }

    @Test
    void rs256_floodOfUnknownKids_isRejected_andRefetchesAtMostOncePerInterval() {
        JwtAuthenticator authenticator = authenticator(jwksUrl, Duration.ofSeconds(30));
        authenticator.authenticate(bearer(rs256(claims(), first, h -> { })));

        for (int i = 0; i < 10; i++) {
            String forged = bearer(rs256(claims(), rsaKey("random-" + i), h -> { }));
            assertThatThrownBy(() -> authenticator.authenticate(forged)).isInstanceOf(UnauthorizedException.class);
        }

        assertThat(jwksHits.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void rs256_jkuInTheToken_isNeverFetched() {
        JwtAuthenticator authenticator = authenticator(jwksUrl, Duration.ofSeconds(30));
        URI attacker = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/attacker");

        assertThatThrownBy(() -> authenticator.authenticate(bearer(rs256(claims(), rsaKey("evil"),
                h -> h.jwkURL(attacker)))))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> authenticator.authenticate(bearer(rs256(claims(), rsaKey("evil"),
                h -> h.x509CertURL(attacker)))))
                .isInstanceOf(UnauthorizedException.class);

        assertThat(attackerHits).hasValue(0);
        assertThat(jwksHits).hasValue(0);
    }

    @Test
    void rs256_jwksEndpointUnreachable_isARetryableDependencyFailure_notTheCallersFault() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        JwtAuthenticator authenticator = authenticator(URI.create("http://127.0.0.1:" + closed + "/keys"),
                Duration.ofSeconds(30));

        assertThatThrownBy(() -> authenticator.authenticate(bearer(rs256(claims(), first, h -> { }))))
                .isInstanceOfSatisfying(DependencyException.class, e -> {
                    assertThat(e.component()).isEqualTo("auth-jwks");
                    assertThat(e.retryable()).isTrue();
                });
    }
}
