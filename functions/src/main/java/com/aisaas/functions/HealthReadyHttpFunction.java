package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.health.HealthReport;
import com.aisaas.health.HealthService;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /api/health/ready}: 200 when every required component is UP (or SKIPPED), else 503 with
 * Retry-After; the body lists each component's status and latency.
 */
public final class HealthReadyHttpFunction {

    static final String NAME = "HealthReady";

    private final Supplier<HealthService> health;

    public HealthReadyHttpFunction() {
        this(() -> AppContext.get().health());
    }

    HealthReadyHttpFunction(Supplier<HealthService> health) {
        this.health = health;
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "health/ready",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            ExecutionContext ctx) {
        return Http.respond(NAME, req, ctx, () -> {
            HealthReport report = health.get().ready();
            return report.isUp()
                    ? Http.json(req, HttpStatus.OK, report, Http.CACHE_CONTROL, "no-store")
                    : Http.json(req, HttpStatus.SERVICE_UNAVAILABLE, report, Http.CACHE_CONTROL, "no-store",
                            Http.RETRY_AFTER, Integer.toString(HealthService.RETRY_AFTER_SECONDS));
        });
    }
}
