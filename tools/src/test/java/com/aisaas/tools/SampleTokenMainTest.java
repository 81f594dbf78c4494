package com.aisaas.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.auth.Authenticator;
import com.aisaas.auth.Caller;
import com.aisaas.auth.JwtAuthenticator;
import com.aisaas.auth.Role;
import com.aisaas.config.AppEnvironment;
import com.aisaas.config.AuthSettings;
import com.aisaas.secrets.SecretResolver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleTokenMainTest {

    private static final Map<String, String> VALUES = Map.of("JWT_SIGNING_KEY", AuthSettings.LOCAL_SAMPLE_SIGNING_KEY,
            "AUTH_ISSUER", "aisaas-local", "AUTH_AUDIENCE", "aisaas-api");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    /** The app's authenticator with the local settings, at {@code clock}. */
    private static Authenticator app(Clock clock) {
        SecretResolver secrets = new SecretResolver(VALUES, Optional.empty(), Duration.ZERO, uri -> {
            throw new AssertionError("no vault");
        }, clock);
        AuthSettings local = new AuthSettings("aisaas-local", Set.of("aisaas-api"), Optional.empty(),
                Duration.ofSeconds(60), "tid", "roles", AppEnvironment.LOCAL);
        return JwtAuthenticator.create(local, secrets, clock);
    }

    @Test
    void banner_printsOneTokenPerRole_andTheSameSubjectInASecondTenant(@TempDir Path dir) throws Exception {
        Path settings = dir.resolve("local.settings.json");
        Files.writeString(settings, "{\"Values\":{\"JWT_SIGNING_KEY\":\"" + AuthSettings.LOCAL_SAMPLE_SIGNING_KEY
                + "\",\"AUTH_ISSUER\":\"aisaas-local\",\"AUTH_AUDIENCE\":\"aisaas-api\"}}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        SampleTokenMain.run(new String[] {"--banner", "--settings", settings.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8));

        Map<String, Caller> callers = new LinkedHashMap<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.matches("[A-Z_]+=.+")) {
                String[] kv = line.split("=", 2);
                callers.put(kv[0], app(Clock.systemUTC()).authenticate("Bearer " + kv[1]));
            }
        }
        assertThat(callers).containsExactly(
                Map.entry("TOKEN", Caller.of("local-user", "local-tenant", Role.USER)),
                Map.entry("OTHER_TENANT_TOKEN", Caller.of("local-user", "other-tenant", Role.USER)),
                Map.entry("TENANT_ADMIN_TOKEN", Caller.of("local-tenant-admin", "local-tenant", Role.TENANT_ADMIN)),
                Map.entry("OPERATOR_TOKEN", Caller.of("local-operator", "operations", Role.OPERATOR)));
    }

    @Test
    void token_isAcceptedByTheAppWithTheSameSettings() {
        String token = SampleTokenMain.token(VALUES, "local-user", "local-tenant", List.of("user"),
                Duration.ofHours(24), NOW.minusSeconds(3600));

        Caller caller = app(Clock.fixed(NOW, ZoneOffset.UTC)).authenticate("Bearer " + token);

        assertThat(caller).isEqualTo(Caller.of("local-user", "local-tenant", Role.USER));
    }

    @Test
    void token_refusesAzureAndMissingKeys() {
        assertThatThrownBy(() -> SampleTokenMain.token(Map.of("APP_ENVIRONMENT", "azure", "JWT_SIGNING_KEY",
                AuthSettings.LOCAL_SAMPLE_SIGNING_KEY), "u", "t", List.of("user"), Duration.ofHours(1), NOW))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SampleTokenMain.token(Map.of(), "u", "t", List.of("user"), Duration.ofHours(1), NOW))
                .hasMessageContaining("JWT_SIGNING_KEY is not set");
    }

    @Test
    void roles_acceptsTheRoles_andRefusesTheFormerAdminRole() {
        assertThat(SampleTokenMain.roles("user,tenant-admin operator")).containsExactly("user", "tenant-admin",
                "operator");
        assertThatThrownBy(() -> SampleTokenMain.roles("user,admin")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown role admin");
    }
}
