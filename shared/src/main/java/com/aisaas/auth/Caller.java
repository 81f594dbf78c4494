package com.aisaas.auth;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The authenticated caller of a request: the token's subject, its tenant and the recognised {@link Role}s (never
 * empty). Which roles may call which endpoint is decided per route, before the endpoint runs; the scope helpers say
 * which rows a service may show the caller once the route allowed it.
 *
 * <p>A subject is unique only within its tenant: data of a person is keyed by (tenant, subject), never by subject
 * alone.
 */
public record Caller(String subject, String tenantId, Set<Role> roles) {

    public Caller {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(tenantId, "tenantId");
        roles = Set.copyOf(Objects.requireNonNull(roles, "roles"));
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a caller has at least one role");
        }
    }

    /** A caller with {@code roles}. */
    public static Caller of(String subject, String tenantId, Role first, Role... more) {
        return new Caller(subject, tenantId, EnumSet.of(first, more));
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** True for a tenant-admin or an operator: may see rows of other people (of their tenant, or of all tenants). */
    public boolean tenantWide() {
        return has(Role.TENANT_ADMIN) || crossTenant();
    }

    /** True for an operator only: may see rows of every tenant (platform operations). */
    public boolean crossTenant() {
        return has(Role.OPERATOR);
    }

    /**
     * The tenant a tenant-wide read is limited to: empty only for an operator (every tenant), the caller's own tenant
     * for everyone else. Pass it to queries over tenant-scoped rows (dead letters, audit log) of admin endpoints.
     */
    public Optional<String> tenantFilter() {
        return crossTenant() ? Optional.empty() : Optional.of(tenantId);
    }
}
