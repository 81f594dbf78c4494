package com.aisaas.processing;

import com.aisaas.common.Scope;
import com.aisaas.files.FileId;
import java.util.Objects;
import java.util.UUID;

/**
 * What processing needs of a claimed file row: who owns it, what the uploader declared, and the claim (its token
 * and the attempt number, counting this one).
 */
record UploadRow(FileId id, String tenantId, String ownerId, String name, String declaredContentType,
                 long declaredSizeBytes, String blobPath, UUID claim, int attempt, String lastError) {
    UploadRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(blobPath, "blobPath");
        Objects.requireNonNull(claim, "claim");
    }

    /** The tenant and owner of the file: the scope every statement about it runs in. */
    Scope scope() {
        return new Scope(tenantId, ownerId);
    }
}
