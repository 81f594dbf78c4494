package com.aisaas.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleTokenMainTest {

    private static final Map<String, String> VALUES = Map.of("JWT_SIGNING_KEY", AuthSettings.LOCAL_SAMPLE_SIGNING_KEY,
            "AUTH_ISSUER", "aisaas-local", "AUTH_AUDIENCE", "aisaas-api");

    private static Authenticator app() {
        SecretResolver secrets = new SecretResolver(VALUES, Optional.empty(), Duration.ZERO, uri -> {
            throw new AssertionError("no vault");
        }, Clock.systemUTC());
        AuthSettings local = new AuthSettings("aisaas-local", Set.of("aisaas-api"), Optional.empty(),
                Duration.ofSeconds(60), "tid", "roles", AppEnvironment.LOCAL);
        return JwtAuthenticator.create(local, secrets, Clock.systemUTC());
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
                callers.put(kv[0], app().authenticate("Bearer " + kv[1]));
            }
        }
        assertThat(callers).containsExactly(
                Map.entry("TOKEN", Caller.of("local-user", "local-tenant", Role.USER)),
                Map.entry("OTHER_TENANT_TOKEN", Caller.of("local-user", "other-tenant", Role.USER)),
                Map.entry("TENANT_ADMIN_TOKEN", Caller.of("local-tenant-admin", "local-tenant", Role.TENANT_ADMIN)),
                Map.entry("OPERATOR_TOKEN", Caller.of("local-operator", "operations", Role.OPERATOR)));
    }

    @Test
    void roles_acceptsTheRoles_andRefusesTheFormerAdminRole() {
        assertThat(SampleTokenMain.roles("user,tenant-admin operator")).containsExactly("user", "tenant-admin",
                "operator");
        assertThatThrownBy(() -> SampleTokenMain.roles("user,admin")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown role admin");
    }
}
