package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.db.DatabaseInfo;
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
 * {@code GET /api/health/database} (function key): connection status, server version, TLS in use, active
 * connections and response time; 503 with Retry-After when the database is down.
 */
public final class HealthDatabaseHttpFunction {

    static final String NAME = "HealthDatabase";

    private final Supplier<HealthService> health;

    public HealthDatabaseHttpFunction() {
        this(() -> AppContext.get().health());
    }

    HealthDatabaseHttpFunction(Supplier<HealthService> health) {
        this.health = health;
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "health/database",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            ExecutionContext ctx) {
        return Http.respond(NAME, req, ctx, () -> {
            DatabaseInfo info = health.get().database();
            return info.isUp()
                    ? Http.json(req, HttpStatus.OK, info, Http.CACHE_CONTROL, "no-store")
                    : Http.json(req, HttpStatus.SERVICE_UNAVAILABLE, info, Http.CACHE_CONTROL, "no-store",
                            Http.RETRY_AFTER, Integer.toString(HealthService.RETRY_AFTER_SECONDS));
        });
    }
}
