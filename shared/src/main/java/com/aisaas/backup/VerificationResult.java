package com.aisaas.backup;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a backup verification, to alert on: {@link #passed()} is false when any check failed, and
 * {@link #failures()} says why (e.g. {@code "parts: files.0002.copy.gz SHA-256 is …, the manifest says …"}).
 *
 * @param backup the backup that was checked (empty when none was found)
 * @param backupRunRow the {@code backup_runs} row (kind {@code verify}) that records this result
 */
public record VerificationResult(Optional<BackupRunId> backup, boolean passed, List<Check> checks, long backupRunRow,
                                 Duration elapsed) {

    /** The checks, in order: {@code backup}, {@code age}, {@code manifest}, {@code table:<name>}…, {@code blob-sample}. */
    public record Check(String name, boolean passed, String detail) {
        public Check {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(detail, "detail");
        }
    }

    public VerificationResult {
        checks = List.copyOf(checks);
    }

    /** {@code "<check>: <detail>"} of every failed check. */
    public List<String> failures() {
        return checks.stream().filter(c -> !c.passed()).map(c -> c.name() + ": " + c.detail()).toList();
    }

    public Optional<Check> check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
