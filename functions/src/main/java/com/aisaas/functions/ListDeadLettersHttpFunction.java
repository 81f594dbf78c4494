package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.common.ValidationException;
import com.aisaas.deadletters.DeadLetters;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;
import java.util.function.Supplier;

/** {@code GET /api/v1/admin/dead-letters?source=&status=pending|all&cursor=&limit=}: dead letters, newest first. */
public final class ListDeadLettersHttpFunction {

    static final String NAME = "ListDeadLetters";
    private static final int DEFAULT_LIMIT = 50;

    private final Supplier<DeadLetters> deadLetters;
    private final Http.Pipeline pipeline;

    public ListDeadLettersHttpFunction() {
        this(() -> AppContext.get().deadLetters(), Http.Pipeline.standard());
    }

    ListDeadLettersHttpFunction(Supplier<DeadLetters> deadLetters, Http.Pipeline pipeline) {
        this.deadLetters = deadLetters;
        this.pipeline = pipeline;
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "v1/admin/dead-letters",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            ExecutionContext ctx) {
        return pipeline.run(NAME, req, ctx, call -> {
            String status = Optional.ofNullable(call.query("status")).orElse("pending");
            if (!status.equals("pending") && !status.equals("all")) {
                throw new ValidationException("status must be pending or all");
            }
            int limit = AdminQueries.limit(call.query("limit"), DEFAULT_LIMIT, DeadLetters.MAX_LIMIT);
            return Http.Reply.json(200, deadLetters.get().list(call.caller().tenantFilter(),
                    Optional.ofNullable(call.query("source")),
                    status.equals("pending"), Optional.ofNullable(call.query("cursor")), limit));
        });
    }
}
