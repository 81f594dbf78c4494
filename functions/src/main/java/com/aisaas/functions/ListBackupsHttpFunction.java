package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.backup.BackupRun;
import com.aisaas.backup.BackupService;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** {@code GET /api/v1/admin/backups?kind=export|verify|prune&limit=}: the latest backup runs with their results. */
public final class ListBackupsHttpFunction {

    static final String NAME = "ListBackups";

    private final Supplier<BackupService> backups;
    private final Http.Pipeline pipeline;

    public ListBackupsHttpFunction() {
        this(() -> AppContext.get().backups(), Http.Pipeline.standard());
    }

    ListBackupsHttpFunction(Supplier<BackupService> backups, Http.Pipeline pipeline) {
        this.backups = backups;
        this.pipeline = pipeline;
    }

    /** A {@code backup_runs} row as the API shows it. */
    record RunView(long id, String kind, String status, Instant startedAt, Instant finishedAt, String manifestPath,
                   Map<String, Object> details) {
        static RunView of(BackupRun run) {
            return new RunView(run.id(), run.kind(), run.status(), run.startedAt(), run.finishedAt().orElse(null),
                    run.manifestPath().orElse(null), run.details());
        }
    }

    record RunList(List<RunView> items) {
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "v1/admin/backups",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            ExecutionContext ctx) {
        return pipeline.run(NAME, req, ctx, call -> {
            int limit = AdminQueries.limit(call.query("limit"), 20, 100);
            return Http.Reply.json(200, new RunList(backups.get().recentRuns(Optional.ofNullable(call.query("kind")),
                    limit).stream().map(RunView::of).toList()));
        });
    }
}
