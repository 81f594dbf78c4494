package com.aisaas.devhost.host.testapp;

import com.microsoft.azure.functions.OutputBinding;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.BlobOutput;
import com.microsoft.azure.functions.annotation.BlobTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A blob trigger whose invocations wait at a gate: each try marks its start with a file in {@code GATE_DIR}, then waits
 * until the file {@code GATE_DIR/open} exists, then writes the blob's content to a new blob through its output binding —
 * one output blob per successful invocation, so a test can count them. Used to stop a host while tries run.
 */
public class GatedFunctions {

    static final long GATE_WAIT_MILLIS = 120_000;

    @FunctionName("Gated")
    public void pass(@BlobTrigger(name = "blob", path = "gated-in/{name}", source = "EventGrid", connection = "GatedStorage") String content,
                     @BindingName("name") String name,
                     @BlobOutput(name = "done", path = "gated-out/{name}/{rand-guid}", connection = "GatedStorage") OutputBinding<String> done)
            throws IOException, InterruptedException {
        Path gateDir = Path.of(System.getenv("GATE_DIR"));
        Files.writeString(gateDir.resolve("started-" + name + "-" + UUID.randomUUID()), content);
        long deadline = System.nanoTime() + GATE_WAIT_MILLIS * 1_000_000;
        while (!Files.exists(gateDir.resolve("open"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gate never opened");
            }
            Thread.sleep(20);
        }
        done.setValue(content);
    }
}
