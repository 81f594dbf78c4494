package com.aisaas.backup;

import java.time.Duration;
import java.util.Map;

/** A finished restore: which backup, into which schema, the rows restored per table, how long it took. */
public record RestoreResult(BackupRunId backup, String schema, String schemaVersion, Map<String, Long> rows,
                            Duration elapsed) {
    public RestoreResult {
        rows = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rows));
    }
}
