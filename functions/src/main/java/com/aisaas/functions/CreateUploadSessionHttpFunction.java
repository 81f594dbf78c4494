package com.aisaas.functions;

import com.aisaas.files.UploadSession;
import com.aisaas.files.UploadSessionRequest;
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
 * {@code POST /api/v1/files/uploads} {name, size, contentType[, tags]}: 201 with a write-only SAS for the one blob
 * of a new {@code pending} file, the headers to send and the expiry; {@code Location} names the file.
 */
public final class CreateUploadSessionHttpFunction {

    static final String NAME = "CreateUploadSession";

    private final Supplier<FileService> files;
    private final Http.Pipeline pipeline;

    public CreateUploadSessionHttpFunction() {
        this(() -> AppContext.get().files(), Http.Pipeline.standard());
    }

    CreateUploadSessionHttpFunction(Supplier<FileService> files, Http.Pipeline pipeline) {
        this.files = files;
        this.pipeline = pipeline;
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "v1/files/uploads",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            ExecutionContext ctx) {
        return pipeline.run(NAME, req, ctx, call -> {
            UploadSessionRequest body = JsonBodies.read(req.getBody().orElse(null), call.header(Http.CONTENT_TYPE),
                    UploadSessionRequest.class);
            UploadSession session = files.get().createUploadSession(call.actor(), body);
            return Http.Reply.json(201, session, Http.LOCATION, Http.FILES_PATH + "/" + session.fileId(),
                    Http.ETAG, session.file().etag());
        });
    }
}
