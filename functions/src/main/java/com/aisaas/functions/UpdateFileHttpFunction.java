package com.aisaas.functions;

import com.aisaas.files.FileId;
import com.aisaas.files.FilePatch;
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

/**
 * {@code PATCH /api/v1/files/{id}} {name?, tags?}: renames and/or replaces the tags; optional {@code If-Match}
 * (412 when stale). 200 with the new metadata and ETag.
 */
public final class UpdateFileHttpFunction {

    static final String NAME = "UpdateFile";

    private final Supplier<FileService> files;
    private final Http.Pipeline pipeline;

    public UpdateFileHttpFunction() {
        this(() -> AppContext.get().files(), Http.Pipeline.standard());
    }

    UpdateFileHttpFunction(Supplier<FileService> files, Http.Pipeline pipeline) {
        this.files = files;
        this.pipeline = pipeline;
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.PATCH}, route = "v1/files/{id}",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            @BindingName("id") String id,
            ExecutionContext ctx) {
        return pipeline.run(NAME, req, ctx, call -> {
            FileId fileId = FileId.parse(id);
            FilePatch patch = JsonBodies.read(req.getBody().orElse(null), call.header(Http.CONTENT_TYPE), FilePatch.class);
            FileView file = files.get().update(call.actor(), fileId, patch, call.header("If-Match"));
            return Http.Reply.json(200, file, Http.ETAG, file.etag());
        });
    }
}
