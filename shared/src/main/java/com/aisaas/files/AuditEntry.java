package com.aisaas.files;

import java.util.Map;
import java.util.Objects;

/**
 * One row of {@code audit_log}, written in the same transaction as the change it records.
 *
 * @param actor the caller's subject
 * @param action e.g. {@code file.upload_session_created}
 * @param requestId the Functions invocation id (also the response's {@code X-Request-Id})
 */
public record AuditEntry(String actor, String action, FileId fileId, String requestId, Map<String, Object> details) {

    public AuditEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
