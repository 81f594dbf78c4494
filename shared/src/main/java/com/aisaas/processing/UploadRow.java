package com.aisaas.processing;

import com.aisaas.files.FileId;
import java.util.Objects;

/** What processing needs of a file row: who owns it and what the uploader declared. */
record UploadRow(FileId id, String ownerId, String name, String declaredContentType, long declaredSizeBytes,
                 String blobPath) {
    UploadRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(blobPath, "blobPath");
    }
}
