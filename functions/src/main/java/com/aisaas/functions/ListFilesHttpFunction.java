package com.aisaas.functions;

import com.aisaas.files.ListQuery;
import com.aisaas.app.AppContext;
import com.aisaas.files.FileService;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/files?cursor&limit&status&contentType&name}: the caller's files, newest first, keyset paginated
 * ({@code nextCursor}).
 */
public final class ListFilesHttpFunction {

    static final String NAME = "ListFiles";

    private final Supplier<FileService> files;
    private final Http.Pipeline pipeline;

    public ListFilesHttpFunction() {
        this(() -> AppContext.get().files(), Http.Pipeline.standard());
    }

    ListFilesHttpFunction(Supplier<FileService> files, Http.Pipeline pipeline) {
        this.files = files;
        this.pipeline = pipeline;
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "v1/files",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            ExecutionContext ctx) {
        return pipeline.run(NAME, req, ctx, call -> Http.Reply.json(200,
                files.get().list(call.actor(), ListQuery.parse(call.queryParameters()))));
    }
}
