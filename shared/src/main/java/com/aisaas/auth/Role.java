package com.aisaas.auth;

import java.util.Optional;

/**
 * The roles of people and client applications, as the token's roles claim names them. Any other value in the claim
 * (also the former {@code admin}) grants nothing.
 */
public enum Role {

    /** Their own files. */
    USER("user"),
    /** The files, audit log and dead letters of their own tenant. */
    TENANT_ADMIN("tenant-admin"),
    /** Platform operations: health checks, backups, maintenance runs and every tenant's dead letters. */
    OPERATOR("operator");

    private final String claimValue;

    Role(String claimValue) {
        this.claimValue = claimValue;
    }

    /** The value in the token's roles claim (case-sensitive, as Entra ID app role values are). */
    public String claimValue() {
        return claimValue;
    }

    /** The role whose claim value is exactly {@code value}; empty for anything else. */
    public static Optional<Role> fromClaim(Object value) {
        for (Role role : values()) {
            if (role.claimValue.equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return claimValue;
    }
}
