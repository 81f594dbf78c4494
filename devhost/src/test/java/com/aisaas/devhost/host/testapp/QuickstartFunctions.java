package com.aisaas.devhost.host.testapp;

import com.aisaas.devhost.host.testapp.probe.EventProbe;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.OutputBinding;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.BlobInput;
import com.microsoft.azure.functions.annotation.BlobOutput;
import com.microsoft.azure.functions.annotation.BlobTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.StorageAccount;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.util.Map;
import java.util.Optional;

/**
 * An app shaped like Microsoft's Java quickstarts — an HTTP function, an Event Grid blob trigger that copies each blob
 * to another container through an output binding, a timer — written for these tests. The function.json files the
 * tests write for it are what azure-functions-maven-plugin writes for these annotations.
 */
public class QuickstartFunctions {

    /** The HTTP quickstart: greets the {@code name} of the query string or the body. */
    @FunctionName("HttpExample")
    public HttpResponseMessage hello(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET, HttpMethod.POST}, authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request, ExecutionContext context) {
        String name = request.getQueryParameters().getOrDefault("name", request.getBody().orElse(null));
        if (name == null) {
            return request.createResponseBuilder(HttpStatus.BAD_REQUEST).body("Please pass a name").build();
        }
        return request.createResponseBuilder(HttpStatus.OK).body("Hello, " + name).build();
    }

    /** The Event Grid blob quickstart: copies each blob of {@code unprocessed} to {@code processed/processed-{name}}. */
    @FunctionName("ProcessBlobUpload")
    @StorageAccount("QuickstartStorage")
    public void copy(@BlobTrigger(name = "sourceBlob", path = "unprocessed/{name}", source = "EventGrid") byte[] sourceBlob,
                     @BindingName("name") String blobName,
                     @BlobOutput(name = "outputBlob", path = "processed/processed-{name}") OutputBinding<byte[]> outputBlob,
                     ExecutionContext context) {
        context.getLogger().info("copying " + blobName + " (" + sourceBlob.length + " bytes)");
        outputBlob.setValue(sourceBlob);
        EventProbe.record(context.getFunctionName(), Map.of("name", blobName, "length", sourceBlob.length));
        EventProbe.maybeFail(context.getFunctionName());
    }

    /** An HTTP function writing its body through a blob output with a setting and a fresh GUID in the path. */
    @FunctionName("SaveNote")
    public String save(@HttpTrigger(name = "req", methods = HttpMethod.POST, authLevel = AuthorizationLevel.ANONYMOUS)
                       HttpRequestMessage<Optional<String>> request,
                       @BlobOutput(name = "note", path = "%NOTES_CONTAINER%/{rand-guid}.txt", connection = "QuickstartStorage")
                       OutputBinding<String> note) {
        note.setValue(request.getBody().orElse(""));
        return "saved";
    }

    /** Reads a blob named by the route through a blob input; a missing blob binds null. */
    @FunctionName("ReadNote")
    public String read(@HttpTrigger(name = "req", methods = HttpMethod.GET, route = "notes/{file}",
                               authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
                       @BlobInput(name = "content", path = "%NOTES_CONTAINER%/{file}", connection = "QuickstartStorage") String content) {
        return content == null ? "(none)" : content;
    }

    /** A timer writing its TimerInfo into a blob through a {@code $return} blob output. */
    @FunctionName("TimerReport")
    @BlobOutput(name = "$return", path = "%NOTES_CONTAINER%/timer-{DateTime}.json", connection = "QuickstartStorage")
    public String report(@TimerTrigger(name = "timer", schedule = "0 0 0 1 1 *") String timerInfo, ExecutionContext context) {
        EventProbe.record(context.getFunctionName(), Map.of("timerInfo", timerInfo));
        return timerInfo;
    }

    /** Sets its output and then fails: nothing may be written. */
    @FunctionName("CopyThenFail")
    @StorageAccount("QuickstartStorage")
    public void copyThenFail(@BlobTrigger(name = "sourceBlob", path = "failing/{name}", source = "EventGrid") byte[] sourceBlob,
                             @BindingName("name") String blobName,
                             @BlobOutput(name = "outputBlob", path = "processed/failed-{name}") OutputBinding<byte[]> outputBlob,
                             ExecutionContext context) {
        outputBlob.setValue(sourceBlob);
        EventProbe.record(context.getFunctionName(), Map.of("name", blobName));
        throw new IllegalStateException("failed after setting the output");
    }

    /** An app whose code path runs out of memory (thrown, so the test stays bounded and deterministic). */
    @FunctionName("OutOfMemory")
    @StorageAccount("QuickstartStorage")
    public void outOfMemory(@BlobTrigger(name = "sourceBlob", path = "oom/{name}", source = "EventGrid") byte[] sourceBlob,
                            @BindingName("name") String blobName, ExecutionContext context) {
        EventProbe.record(context.getFunctionName(), Map.of("name", blobName));
        throw new OutOfMemoryError("Java heap space");
    }

    /** An app whose code path overflows the stack, for real. */
    @FunctionName("StackOverflow")
    @StorageAccount("QuickstartStorage")
    public void stackOverflow(@BlobTrigger(name = "sourceBlob", path = "deep/{name}", source = "EventGrid") byte[] sourceBlob,
                              @BindingName("name") String blobName, ExecutionContext context) {
        EventProbe.record(context.getFunctionName(), Map.of("name", blobName));
        EventProbe.record(context.getFunctionName() + ".depth", Map.of("depth", recurse(0)));
    }

    /** The trigger's content binding itself runs out of memory (as a too-large blob would), before the code runs. */
    @FunctionName("OutOfMemoryInBinding")
    @StorageAccount("QuickstartStorage")
    public void outOfMemoryInBinding(@BlobTrigger(name = "sourceBlob", path = "oom-binding/{name}", source = "EventGrid") Heavy heavy,
                                     ExecutionContext context) {
        EventProbe.record(context.getFunctionName(), Map.of("bound", true));
    }

    /** A POJO whose construction (by Gson, while the blob is bound) throws OutOfMemoryError. */
    public static class Heavy {
        public Heavy() {
            EventProbe.record("OutOfMemoryInBinding.tries", Map.of());
            throw new OutOfMemoryError("Java heap space");
        }
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }
}
