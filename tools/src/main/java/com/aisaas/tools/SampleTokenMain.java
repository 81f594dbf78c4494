package com.aisaas.tools;

import com.aisaas.auth.Role;
import com.aisaas.common.Json;
import com.aisaas.config.AuthSettings;
import com.aisaas.config.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Prints a bearer token for local use, signed (HS256) with the JWT_SIGNING_KEY of the local settings, with
 * the issuer, audience and claim names the app checks. Settings come from the environment, else from
 * {@code local.settings.json} (else {@code local.settings.sample.json}) in the working directory, as the
 * devhost reads them. Refuses APP_ENVIRONMENT=azure.
 *
 * <pre>
 *   SampleTokenMain [--sub local-user] [--tenant local-tenant] [--roles user[,tenant-admin][,operator]]
 *                   [--ttl-hours 24] [--settings local.settings.json]
 *   SampleTokenMain --banner [--port 7071] [--settings ...]   # one token per role, and curl lines
 * </pre>
 *
 * <p>The banner's tokens: {@code TOKEN} (local-user of local-tenant, role user), {@code OTHER_TENANT_TOKEN} (a
 * local-user of other-tenant: the same subject in another tenant, to try tenant isolation),
 * {@code TENANT_ADMIN_TOKEN} (tenant-admin of local-tenant) and {@code OPERATOR_TOKEN} (operator).
 */
public final class SampleTokenMain {

    private SampleTokenMain() {
    }

    public static void main(String[] args) {
        try {
            run(args, System.out);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("sample token: " + e.getMessage());
            System.exit(2);
        }
    }

    static void run(String[] args, PrintStream out) {
        Map<String, String> options = options(args);
        Map<String, String> settings = settings(options.get("settings"));
        Duration ttl = Duration.ofHours(Long.parseLong(options.getOrDefault("ttl-hours", "24")));
        Instant now = Instant.now();
        if (options.containsKey("banner")) {
            String port = options.getOrDefault("port", "7071");
            out.println("Sample bearer tokens (local only; JWT_SIGNING_KEY of the local settings; valid "
                    + ttl.toHours() + " h):");
            for (Sample sample : SAMPLES) {
                out.println("# " + sample.what() + ": sub " + sample.subject() + ", tenant " + sample.tenant()
                        + ", role " + sample.role());
                out.println(sample.variable() + "=" + token(settings, sample.subject(), sample.tenant(),
                        List.of(sample.role().claimValue()), ttl, now));
            }
            String base = "http://localhost:" + port;
            out.println("curl -H \"Authorization: Bearer $TOKEN\" " + base + "/api/v1/files");
            out.println("curl -H \"Authorization: Bearer $OPERATOR_TOKEN\" " + base + "/api/v1/admin/dead-letters");
            return;
        }
        List<String> roles = roles(options.getOrDefault("roles", Role.USER.claimValue()));
        out.println(token(settings, options.getOrDefault("sub", "local-user"),
                options.getOrDefault("tenant", "local-tenant"), roles, ttl, now));
    }

    /** One token of the banner. */
    record Sample(String variable, String what, String subject, String tenant, Role role) {
    }

    static final List<Sample> SAMPLES = List.of(
            new Sample("TOKEN", "a user", "local-user", "local-tenant", Role.USER),
            new Sample("OTHER_TENANT_TOKEN", "the same subject in another tenant", "local-user", "other-tenant",
                    Role.USER),
            new Sample("TENANT_ADMIN_TOKEN", "the tenant's admin", "local-tenant-admin", "local-tenant",
                    Role.TENANT_ADMIN),
            new Sample("OPERATOR_TOKEN", "a platform operator", "local-operator", "operations", Role.OPERATOR));

    /** {@code --roles}: claim values separated by commas or spaces; an unknown one (such as admin) is refused. */
    static List<String> roles(String value) {
        List<String> roles = List.of(value.trim().split("[,\\s]+"));
        for (String role : roles) {
            if (Role.fromClaim(role).isEmpty()) {
                throw new IllegalArgumentException("unknown role " + role + " (user, tenant-admin, operator)");
            }
        }
        return roles;
    }

    static String token(Map<String, String> settings, String subject, String tenant, List<String> roles,
                        Duration ttl, Instant now) {
        if ("azure".equalsIgnoreCase(settings.get(Setting.APP_ENVIRONMENT))) {
            throw new IllegalStateException("sample tokens are for APP_ENVIRONMENT=local only");
        }
        String key = settings.get(Setting.JWT_SIGNING_KEY);
        if (key == null || key.isBlank()) {
            throw new IllegalStateException(Setting.JWT_SIGNING_KEY + " is not set in the local settings (copy it"
                    + " from local.settings.sample.json into local.settings.json)");
        }
        if (key.startsWith("@Microsoft.KeyVault(")) {
            throw new IllegalStateException(Setting.JWT_SIGNING_KEY + " is a Key Vault reference; a sample token"
                    + " needs the key itself");
        }
        String issuer = nonBlank(settings.get(Setting.AUTH_ISSUER), AuthSettings.LOCAL_ISSUER);
        String audience = nonBlank(settings.get(Setting.AUTH_AUDIENCE), AuthSettings.LOCAL_AUDIENCE)
                .split(",")[0].trim();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .claim(nonBlank(settings.get(Setting.AUTH_TENANT_CLAIM), "tid"), tenant)
                .claim(nonBlank(settings.get(Setting.AUTH_ROLES_CLAIM), "roles"), roles)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            jwt.sign(new MACSigner(key.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign with " + Setting.JWT_SIGNING_KEY + ": " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /** The environment over the file's {@code Values} (as the devhost merges them). */
    static Map<String, String> settings(String file) {
        Path path = file != null ? Path.of(file)
                : Files.exists(Path.of("local.settings.json")) ? Path.of("local.settings.json")
                : Path.of("local.settings.sample.json");
        Map<String, String> values = new HashMap<>();
        try {
            JsonNode root = Json.mapper().readTree(Files.readString(path));
            JsonNode node = root.path("Values");
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                values.put(field.getKey(), field.getValue().asText());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
        }
        System.getenv().forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                values.put(name, value);
            }
        });
        return values;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        List<String> rest = new ArrayList<>(List.of(args));
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String name = arg.substring(2);
            if (name.equals("banner")) {
                options.put(name, "true");
            } else if (List.of("sub", "tenant", "roles", "ttl-hours", "settings", "port").contains(name)
                    && i + 1 < rest.size()) {
                options.put(name, rest.get(++i));
            } else {
                throw new IllegalArgumentException("unknown or incomplete option " + arg + " (--sub, --tenant,"
                        + " --roles, --ttl-hours, --settings, --banner, --port)");
            }
        }
        return options;
    }

    private static String nonBlank(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
