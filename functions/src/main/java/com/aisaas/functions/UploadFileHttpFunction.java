package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.files.DirectUpload;
import com.aisaas.files.FileService;
import com.aisaas.files.FileView;
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
 * {@code POST /api/v1/files}: a small file through the function (DIRECT_UPLOAD_MAX_BYTES; 413 beyond), as
 * {@code application/octet-stream} or {@code multipart/form-data} (see {@link UploadRequests}). 201 with the new
 * {@code pending} file.
 */
public final class UploadFileHttpFunction {

    static final String NAME = "UploadFile";

    private final Supplier<FileService> files;
    private final Http.Pipeline pipeline;

    public UploadFileHttpFunction() {
        this(() -> AppContext.get().files(), Http.Pipeline.standard());
    }

    UploadFileHttpFunction(Supplier<FileService> files, Http.Pipeline pipeline) {
        this.files = files;
        this.pipeline = pipeline;
    }

    /**
     * Bytes, not String: the host passes octet-stream and multipart bodies as bytes, which a String would decode
     * (docs/functions-host.md §1.4.1).
     */
    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "v1/files",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<byte[]>> req,
            ExecutionContext ctx) {
        return pipeline.run(NAME, req, ctx, call -> {
            FileService service = files.get();
            DirectUpload upload = UploadRequests.read(call, req.getBody().orElse(null), service.policy().directMaxBytes());
            FileView file = service.upload(call.actor(), upload);
            return Http.Reply.json(201, file, Http.LOCATION, Http.FILES_PATH + "/" + file.id(), Http.ETAG, file.etag());
        });
    }
}
