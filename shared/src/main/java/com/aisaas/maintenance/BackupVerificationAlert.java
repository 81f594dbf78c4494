package com.aisaas.maintenance;

import com.aisaas.backup.BackupService;
import com.aisaas.backup.VerificationResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies the newest backup and turns the result into the {@value #KEY} alert: raised (once per episode, with
 * the failed checks) when verification fails, cleared when a later verification passes. The scheduled
 * BackupVerify timer and the admin "verify now" endpoint both run this, under the {@value #JOB} job lock.
 */
public final class BackupVerificationAlert {

    public static final String JOB = "backup-verify";
    public static final String KEY = "backups.verification";

    private final BackupService backups;
    private final Alerts alerts;

    public BackupVerificationAlert(BackupService backups, Alerts alerts) {
        this.backups = Objects.requireNonNull(backups, "backups");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
    }

    public VerificationResult verifyLatest() {
        VerificationResult result = backups.verifyLatest();
        if (result.passed()) {
            alerts.clear(KEY);
        } else {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("failures", result.failures());
            result.backup().ifPresent(id -> details.put("backup", id.value()));
            details.put("backupRunRow", result.backupRunRow());
            alerts.raise(new Breach(KEY, "backups", "backup verification failed: "
                    + String.join("; ", result.failures()), details));
        }
        return result;
    }
}
