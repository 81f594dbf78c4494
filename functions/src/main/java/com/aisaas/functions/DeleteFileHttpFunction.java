package com.aisaas.functions;

import com.aisaas.files.FileId;
import com.aisaas.app.AppContext;
import com.aisaas.files.FileService;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code DELETE /api/v1/files/{id}}: soft delete (restorable for FILES_RESTORE_WINDOW_DAYS); optional
 * {@code If-Match}. 204, also for a file that is already deleted.
 */
public final class DeleteFileHttpFunction {

    static final String NAME = "DeleteFile";

    private final Supplier<FileService> files;
    private final Http.Pipeline pipeline;

    public DeleteFileHttpFunction() {
        this(() -> AppContext.get().files(), Http.Pipeline.standard());
    }

    DeleteFileHttpFunction(Supplier<FileService> files, Http.Pipeline pipeline) {
        this.files = files;
        this.pipeline = pipeline;
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.DELETE}, route = "v1/files/{id}",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            @BindingName("id") String id,
            ExecutionContext ctx) {
        return pipeline.run(NAME, req, ctx, call -> {
            files.get().delete(call.actor(), FileId.parse(id), call.header("If-Match"));
            return Http.Reply.empty(204);
        });
    }
}
