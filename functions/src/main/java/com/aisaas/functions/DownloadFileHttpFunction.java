package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.files.Download;
import com.aisaas.files.FileId;
import com.aisaas.files.FileService;
import com.aisaas.files.InvalidFieldException;
import com.aisaas.storage.ContentDisposition;
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
 * {@code GET /api/v1/files/{id}/content[?inline=true]}: 302 to a short-lived read-only SAS; with
 * {@code inline=true} and a small file, the bytes (200, or 206 for a {@code Range}; 416 when unsatisfiable).
 * Only {@code ready} files (409 otherwise).
 */
public final class DownloadFileHttpFunction {

    static final String NAME = "DownloadFile";

    private final Supplier<FileService> files;
    private final Http.Pipeline pipeline;

    public DownloadFileHttpFunction() {
        this(() -> AppContext.get().files(), Http.Pipeline.standard());
    }

    DownloadFileHttpFunction(Supplier<FileService> files, Http.Pipeline pipeline) {
        this.files = files;
        this.pipeline = pipeline;
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "v1/files/{id}/content",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            @BindingName("id") String id,
            ExecutionContext ctx) {
        return pipeline.run(NAME, req, ctx, call -> {
            FileId fileId = FileId.parse(id);
            Download download = files.get().content(call.actor(), fileId, inline(call.query("inline")),
                    call.header("Range"));
            if (download instanceof Download.Redirect redirect) {
                return Http.Reply.empty(302, Http.LOCATION, redirect.location().toString());
            }
            Download.Content content = (Download.Content) download;
            String[] headers = {"Accept-Ranges", "bytes", Http.ETAG, content.etag(),
                    "Content-Disposition", ContentDisposition.inline(content.fileName()),
                    "X-Content-Type-Options", "nosniff", "Content-Security-Policy", "sandbox; default-src 'none'",
                    Http.CACHE_CONTROL, "private, no-cache"};
            if (content.range() == null) {
                return Http.Reply.bytes(200, content.bytes(), content.contentType(), headers);
            }
            String[] partial = java.util.Arrays.copyOf(headers, headers.length + 2);
            partial[headers.length] = "Content-Range";
            partial[headers.length + 1] = content.range().contentRange();
            return Http.Reply.bytes(206, content.bytes(), content.contentType(), partial);
        });
    }

    static boolean inline(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new InvalidFieldException("inline", "must be true or false");
    }
}
