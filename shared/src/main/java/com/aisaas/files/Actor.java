package com.aisaas.files;

import com.aisaas.auth.Caller;
import com.aisaas.common.Scope;
import java.util.Objects;

/**
 * Who asks, for the files API: the owner (the token's subject), the tenant, and the request id (the Functions
 * invocation id) that the audit log records.
 */
public record Actor(String ownerId, String tenantId, String requestId) {

    public Actor {
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(tenantId, "tenantId");
    }

    /** The caller's own files: its tenant and its subject. */
    public Scope scope() {
        return new Scope(tenantId, ownerId);
    }

    public static Actor of(Caller caller, String requestId) {
        return new Actor(caller.subject(), caller.tenantId(), requestId);
    }
}
