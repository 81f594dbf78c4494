package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.files.BlobPaths;
import com.aisaas.processing.UploadProcessor;
import com.aisaas.storage.AzureBlobContent;
import com.aisaas.telemetry.Invocations;
import com.azure.storage.blob.BlobClient;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.BlobTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import java.util.function.Supplier;

/**
 * A blob written to {@code uploaded-files} (Event Grid-based blob trigger): makes its file {@code ready} or
 * {@code rejected} ({@link UploadProcessor}). A retryable dependency failure is rethrown so the host retries.
 */
public final class ProcessUploadBlobFunction {

    static final String NAME = "ProcessUpload";

    private final Supplier<UploadProcessor> processor;

    public ProcessUploadBlobFunction() {
        this(() -> AppContext.get().uploadProcessor());
    }

    ProcessUploadBlobFunction(Supplier<UploadProcessor> processor) {
        this.processor = processor;
    }

    @FunctionName(NAME)
    public void run(
            @BlobTrigger(name = "content", path = BlobPaths.UPLOADS_CONTAINER + "/{name}", connection = "UploadsStorage",
                    source = "EventGrid") BlobClient blob,
            @BindingName("name") String name,
            ExecutionContext ctx) {
        Invocations.run(NAME, ctx.getInvocationId(), () -> processor.get()
                .process(BlobPaths.UPLOADS_CONTAINER + "/" + name, AzureBlobContent.of(blob)));
    }
}
