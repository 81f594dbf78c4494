package com.aisaas.common;

import java.util.Objects;

/**
 * Whose data a piece of work may touch: one owner within one tenant. Every query of tenant data, every cache key,
 * cursor and lock carries both, because an owner id ({@code sub}) is unique only within its tenant: two tenants'
 * issuers may hand out the same one.
 */
public record Scope(String tenantId, String ownerId) {

    public Scope {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(ownerId, "ownerId");
        if (tenantId.isEmpty() || ownerId.isEmpty()) {
            throw new IllegalArgumentException("a scope needs a tenant and an owner");
        }
    }

    /**
     * One string that names this scope and no other (for cache keys, cursor bindings, lock keys): the tenant's
     * length first, so no choice of characters in either id can make two scopes collide.
     */
    public String key() {
        return tenantId.length() + ":" + tenantId + "/" + ownerId;
    }

    @Override
    public String toString() {
        return key();
    }
}
