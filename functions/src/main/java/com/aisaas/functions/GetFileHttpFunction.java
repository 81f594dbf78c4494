package com.aisaas.functions;

import com.aisaas.files.ETags;
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

/** {@code GET /api/v1/files/{id}}: the metadata with {@code ETag}; {@code If-None-Match} with it answers 304. */
public final class GetFileHttpFunction {

    static final String NAME = "GetFile";

    private final Supplier<FileService> files;
    private final Http.Pipeline pipeline;

    public GetFileHttpFunction() {
        this(() -> AppContext.get().files(), Http.Pipeline.standard());
    }

    GetFileHttpFunction(Supplier<FileService> files, Http.Pipeline pipeline) {
        this.files = files;
        this.pipeline = pipeline;
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "v1/files/{id}",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            @BindingName("id") String id,
            ExecutionContext ctx) {
        return pipeline.run(NAME, req, ctx, call -> {
            FileView file = files.get().get(call.actor(), FileId.parse(id));
            if (ETags.ifNoneMatch(call.header("If-None-Match"), file.etag())) {
                return Http.Reply.empty(304, Http.ETAG, file.etag(), Http.CACHE_CONTROL, "private, no-cache");
            }
            return Http.Reply.json(200, file, Http.ETAG, file.etag(), Http.CACHE_CONTROL, "private, no-cache");
        });
    }
}
