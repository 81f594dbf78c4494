package com.aisaas.files;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a file is in its lifecycle: {@code pending} (row created, blob expected) → {@code processing} →
 * {@code ready} | {@code rejected} | {@code failed}; any of them → {@code deleted} (soft, restorable for
 * FILES_RESTORE_WINDOW_DAYS). The wire and database form is the lower-case name.
 */
public enum FileStatus {
    PENDING, PROCESSING, READY, REJECTED, FAILED, DELETED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** From the database (trusted). */
    static FileStatus fromDatabase(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** From a request parameter named {@code field}; {@link InvalidFieldException} naming the allowed values. */
    public static FileStatus parse(String field, String value) {
        for (FileStatus status : values()) {
            if (status.wire().equals(value)) {
                return status;
            }
        }
        throw new InvalidFieldException(field, "must be one of "
                + Arrays.stream(values()).map(FileStatus::wire).collect(Collectors.joining(", ")));
    }
}
