package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.backup.VerificationResult;
import com.aisaas.common.ConflictException;
import com.aisaas.maintenance.BackupVerificationAlert;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /api/v1/admin/backups/verify}: verifies the newest backup now (the restore test included) and answers
 * with every check. For a large database this can outlast an HTTP request; then fire the timer through the Functions
 * admin API instead ({@code POST /admin/functions/BackupVerify}) and read the result from GET /api/v1/admin/backups.
 */
public final class VerifyBackupHttpFunction {

    static final String NAME = "VerifyBackup";

    private final Http.Pipeline pipeline;

    public VerifyBackupHttpFunction() {
        this(Http.Pipeline.standard());
    }

    VerifyBackupHttpFunction(Http.Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    record Verification(String backup, boolean passed, List<VerificationResult.Check> checks, long backupRunId,
                        long elapsedMs) {
        static Verification of(VerificationResult result) {
            return new Verification(result.backup().map(id -> id.value()).orElse(null), result.passed(),
                    result.checks(), result.backupRunRow(), result.elapsed().toMillis());
        }
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "v1/admin/backups/verify",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            ExecutionContext ctx) {
        return pipeline.run(NAME, req, ctx, call -> {
            AppContext app = AppContext.get();
            VerificationResult result = app.jobLock().runExclusive(BackupVerificationAlert.JOB,
                    () -> app.backupVerification().verifyLatest()).orElseThrow(() -> new ConflictException(
                    "A backup verification is running right now; its result will be in the backup runs shortly."));
            return Http.Reply.json(200, Verification.of(result));
        });
    }
}
