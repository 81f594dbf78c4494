package com.aisaas.functions;

import com.aisaas.files.FileId;
import com.aisaas.files.FileView;
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

/** {@code POST /api/v1/files/{id}/restore}: brings a soft-deleted file back within the restore window (else 409). */
public final class RestoreFileHttpFunction {

    static final String NAME = "RestoreFile";

    private final Supplier<FileService> files;
    private final Http.Pipeline pipeline;

    public RestoreFileHttpFunction() {
        this(() -> AppContext.get().files(), Http.Pipeline.standard());
    }

    RestoreFileHttpFunction(Supplier<FileService> files, Http.Pipeline pipeline) {
        this.files = files;
        this.pipeline = pipeline;
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "v1/files/{id}/restore",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            @BindingName("id") String id,
            ExecutionContext ctx) {
        return pipeline.run(NAME, req, ctx, call -> {
            FileView file = files.get().restore(call.actor(), FileId.parse(id));
            return Http.Reply.json(200, file, Http.ETAG, file.etag());
        });
    }
}
