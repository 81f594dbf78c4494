package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.maintenance.Alert;
import com.aisaas.maintenance.HealthCheckRecord;
import com.aisaas.maintenance.MaintenanceReports;
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

/** {@code GET /api/v1/admin/health-checks?component=&cursor=&limit=}: sweep history, newest first, and open alerts. */
public final class ListHealthChecksHttpFunction {

    static final String NAME = "ListHealthChecks";

    private final Supplier<MaintenanceReports> reports;
    private final Http.Pipeline pipeline;

    public ListHealthChecksHttpFunction() {
        this(() -> AppContext.get().maintenanceReports(), Http.Pipeline.standard());
    }

    ListHealthChecksHttpFunction(Supplier<MaintenanceReports> reports, Http.Pipeline pipeline) {
        this.reports = reports;
        this.pipeline = pipeline;
    }

    /** A page of recorded checks and the alerts open now. */
    record HealthHistory(List<HealthCheckRecord> items, String nextCursor, List<Alert> openAlerts) {
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "v1/admin/health-checks",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            ExecutionContext ctx) {
        return pipeline.run(NAME, req, ctx, call -> {
            int limit = AdminQueries.limit(call.query("limit"), 100, MaintenanceReports.MAX_LIMIT - 1);
            List<HealthCheckRecord> page = reports.get().healthHistory(Optional.ofNullable(call.query("component")),
                    limit + 1, AdminQueries.cursor(call.query("cursor")));
            String next = page.size() > limit ? Long.toString(page.get(limit - 1).id()) : null;
            return Http.Reply.json(200, new HealthHistory(page.subList(0, Math.min(limit, page.size())), next,
                    reports.get().openAlerts()));
        });
    }
}
