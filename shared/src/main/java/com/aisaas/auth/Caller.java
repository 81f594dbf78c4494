package com.aisaas.auth;

import java.util.Objects;
import java.util.Set;

/**
 * The authenticated caller of a request: the token's subject, its tenant and the recognised roles
 * ({@value #USER} and/or {@value #ADMIN}; never empty).
 */
public record Caller(String subject, String tenantId, Set<String> roles) {

    public static final String USER = "user";
    public static final String ADMIN = "admin";

    public Caller {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(tenantId, "tenantId");
        roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN);
    }
}
