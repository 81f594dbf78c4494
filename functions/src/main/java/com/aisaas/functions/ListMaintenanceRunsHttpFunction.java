package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.maintenance.MaintenanceReports;
import com.aisaas.maintenance.MaintenanceRun;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** {@code GET /api/v1/admin/maintenance-runs?kind=&cursor=&limit=}: retention and reconciliation reports. */
public final class ListMaintenanceRunsHttpFunction {

    static final String NAME = "ListMaintenanceRuns";

    private final Supplier<MaintenanceReports> reports;
    private final Http.Pipeline pipeline;

    public ListMaintenanceRunsHttpFunction() {
        this(() -> AppContext.get().maintenanceReports(), Http.Pipeline.standard());
    }

    ListMaintenanceRunsHttpFunction(Supplier<MaintenanceReports> reports, Http.Pipeline pipeline) {
        this.reports = reports;
        this.pipeline = pipeline;
    }

    record RunPage(List<MaintenanceRun> items, String nextCursor) {
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "v1/admin/maintenance-runs",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            ExecutionContext ctx) {
        return pipeline.run(NAME, req, ctx, call -> {
            int limit = AdminQueries.limit(call.query("limit"), 50, MaintenanceReports.MAX_LIMIT - 1);
            List<MaintenanceRun> page = reports.get().recentRuns(Optional.ofNullable(call.query("kind")), limit + 1,
                    AdminQueries.cursor(call.query("cursor")));
            String next = page.size() > limit ? Long.toString(page.get(limit - 1).id()) : null;
            return Http.Reply.json(200, new RunPage(page.subList(0, Math.min(limit, page.size())), next));
        });
    }
}
