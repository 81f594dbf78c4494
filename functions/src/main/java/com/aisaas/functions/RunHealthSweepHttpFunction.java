package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.common.ConflictException;
import com.aisaas.maintenance.HealthSweep;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/** {@code POST /api/v1/admin/health-sweeps}: runs a health sweep now (under the job's lock) and returns what it saw. */
public final class RunHealthSweepHttpFunction {

    static final String NAME = "RunHealthSweep";

    private final Http.Pipeline pipeline;

    public RunHealthSweepHttpFunction() {
        this(Http.Pipeline.standard());
    }

    RunHealthSweepHttpFunction(Http.Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "v1/admin/health-sweeps",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            ExecutionContext ctx) {
        return pipeline.run(NAME, req, ctx, call -> {
            AppContext app = AppContext.get();
            return Http.Reply.json(200, app.jobLock().runExclusive(HealthSweep.JOB, app.healthSweep()::run)
                    .orElseThrow(() -> new ConflictException("A health sweep is running right now; its result will"
                            + " be in the health checks shortly.")));
        });
    }
}
