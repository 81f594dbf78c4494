package com.aisaas.backup;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One row of {@code backup_runs}: an export, a verification or a retention prune, its status
 * ({@code running}, {@code succeeded}, {@code failed}) and details (for a verification, every check and the reasons
 * of failures).
 */
public record BackupRun(long id, String kind, String status, Instant startedAt, Optional<Instant> finishedAt,
                        Optional<String> manifestPath, Map<String, Object> details) {

    public static final String EXPORT = "export";
    public static final String VERIFY = "verify";
    public static final String PRUNE = "prune";

    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    public BackupRun {
        details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }

    /** The backup (export run id) this run produced or checked, when it names one. */
    public Optional<String> backupRunId() {
        return Optional.ofNullable(details.get("runId")).map(Object::toString);
    }
}
