package com.aisaas.devhost.host.blob;

import com.aisaas.devhost.host.eventgrid.EventJson;
import com.google.gson.JsonObject;
import java.util.UUID;

/**
 * What the blobs webhook enqueues for each event (docs/functions-host.md §3, BlobsExtensionConfigProvider.GetBlobTriggerMessage):
 * the function id as sent ({@code Host.Functions.<Name>}), the blob type without "Blob" ({@code Block}), container and
 * blob name from {@code data.url}, and {@code data.eTag} in quotes. {@code id} plays the queue message id.
 */
record BlobTriggerMessage(String id, String functionId, String blobType, String containerName, String blobName, String eTag) {

    static BlobTriggerMessage of(String functionId, String blobType, String containerName, String blobName, String eTag) {
        return new BlobTriggerMessage(UUID.randomUUID().toString(), functionId, blobType, containerName, blobName, eTag);
    }

    /** The poison message body: {@code {"Type":"BlobTrigger","FunctionId":...,"BlobType":...,"ContainerName":...,"BlobName":...,"ETag":...}}. */
    String toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("Type", "BlobTrigger");
        json.addProperty("FunctionId", functionId);
        json.addProperty("BlobType", blobType);
        json.addProperty("ContainerName", containerName);
        json.addProperty("BlobName", blobName);
        json.addProperty("ETag", eTag);
        return EventJson.INDENTED.toJson(json);
    }

    /** {@code "container/blob"}, the {@code BlobTrigger} binding value. */
    String path() {
        return containerName + "/" + blobName;
    }
}
