package com.aisaas.devhost.host.testapp;

import com.aisaas.devhost.host.testapp.probe.EventProbe;
import com.azure.storage.blob.BlobClient;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.BlobTrigger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Blob trigger functions (source EventGrid); each records what it received under its function name. */
public class BlobFunctions {

    public void bytes(@BlobTrigger(name = "content", path = "any/{name}", dataType = "binary", source = "EventGrid") byte[] content,
                      @BindingName("name") String name, @BindingName("BlobTrigger") String trigger, @BindingName("Uri") String uri,
                      @BindingName("Metadata") Map<String, String> metadata, @BindingName("Properties") String properties,
                      ExecutionContext context) {
        Map<String, Object> values = new HashMap<>();
        values.put("content", new String(content, StandardCharsets.UTF_8));
        values.put("length", content.length);
        values.put("name", name);
        values.put("trigger", trigger);
        values.put("uri", uri);
        values.put("metadata", metadata);
        values.put("properties", properties);
        EventProbe.record(context.getFunctionName(), values);
        EventProbe.maybeFail(context.getFunctionName());
    }

    public void text(@BlobTrigger(name = "content", path = "any/{name}", source = "EventGrid") String content,
                     @BindingName("name") String name, ExecutionContext context) {
        EventProbe.record(context.getFunctionName(), Map.of("content", content, "name", name));
        EventProbe.maybeFail(context.getFunctionName());
    }

    public void sdk(@BlobTrigger(name = "content", path = "any/{name}", source = "EventGrid") BlobClient client,
                    @BindingName("name") String name, ExecutionContext context) {
        Map<String, Object> values = new HashMap<>();
        values.put("loader", String.valueOf(client.getClass().getClassLoader().getName()));
        values.put("sameClassAsDeclared", client.getClass() == BlobClient.class);
        values.put("container", client.getContainerName());
        values.put("blobName", client.getBlobName());
        values.put("content", client.downloadContent().toString());
        values.put("name", name);
        EventProbe.record(context.getFunctionName(), values);
    }

    public void tokens(@BlobTrigger(name = "content", path = "any/{user}/{file}.{ext}", source = "EventGrid") byte[] content,
                       @BindingName("user") String user, @BindingName("file") String file, @BindingName("ext") String ext,
                       ExecutionContext context) {
        EventProbe.record(context.getFunctionName(), Map.of("user", user, "file", file, "ext", ext));
    }
}
