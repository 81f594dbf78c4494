package com.aisaas.devhost.host.blob;

import com.aisaas.devhost.host.eventgrid.EventJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
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

    /**
     * A message read back from the queue: the body {@link #toJson()} wrote, under the queue's message id.
     *
     * @throws IllegalArgumentException when the body is not such a message
     */
    static BlobTriggerMessage fromJson(String id, String json) {
        JsonObject object;
        try {
            JsonElement parsed = JsonParser.parseString(json);
            if (!parsed.isJsonObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            object = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        String functionId = EventJson.string(object, "FunctionId");
        String containerName = EventJson.string(object, "ContainerName");
        String blobName = EventJson.string(object, "BlobName");
        if (functionId == null || containerName == null || blobName == null) {
            throw new IllegalArgumentException("FunctionId, ContainerName or BlobName missing");
        }
        return new BlobTriggerMessage(id, functionId, EventJson.string(object, "BlobType"), containerName, blobName,
                EventJson.string(object, "ETag"));
    }

    /** {@code "container/blob"}, the {@code BlobTrigger} binding value. */
    String path() {
        return containerName + "/" + blobName;
    }
}
