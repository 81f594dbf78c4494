package com.aisaas.devhost.host.blob;

import com.aisaas.devhost.host.worker.Json;
import com.aisaas.devhost.host.worker.TriggerInput;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobProperties;
import com.google.gson.JsonObject;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * One blob for one invocation (docs/functions-host.md §3): the content (read once, on first use, through the host's client), the
 * pieces the SDK-type binding needs, and the binding data — {@code BlobTrigger} ({@code "container/name"}), {@code Uri},
 * {@code Properties} and {@code Metadata} (JSON, best effort in the shape of the .NET BlobProperties), and every
 * {@code {token}} of the path, which win over the built-ins. Names match case-insensitively.
 */
final class BlobTriggerInput implements TriggerInput {

    private final BlobClient blob;
    private final BlobProperties properties;
    private final String connection;
    private final String container;
    private final String blobName;
    private final Map<String, String> tokens;
    private byte[] content;

    BlobTriggerInput(BlobClient blob, BlobProperties properties, String connection, String container, String blobName,
                     Map<String, String> tokens) {
        this.blob = blob;
        this.properties = properties;
        this.connection = connection;
        this.container = container;
        this.blobName = blobName;
        this.tokens = tokens;
    }

    synchronized byte[] content() {
        if (content == null) {
            content = BlobContent.read(blob, properties);
        }
        return content;
    }

    String connection() {
        return connection;
    }

    String container() {
        return container;
    }

    String blobName() {
        return blobName;
    }

    @Override
    public Object bindingData(String name) {
        for (Map.Entry<String, String> token : tokens.entrySet()) {
            if (token.getKey().equalsIgnoreCase(name)) {
                return token.getValue();
            }
        }
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "blobtrigger":
                return container + "/" + blobName;
            case "uri":
                return blob.getBlobUrl().replace("%2F", "/");   // as the .NET SDK writes it: '/' in names stays
            case "properties":
                return properties == null ? null : Json.GSON.toJson(propertiesJson());
            case "metadata":
                return Json.GSON.toJson(properties == null ? Map.of() : new TreeMap<>(properties.getMetadata()));
            default:
                return null;
        }
    }

    private JsonObject propertiesJson() {
        JsonObject json = new JsonObject();
        json.addProperty("LastModified", text(properties.getLastModified()));
        json.addProperty("CreatedOn", text(properties.getCreationTime()));
        json.add("Metadata", Json.GSON.toJsonTree(new TreeMap<>(properties.getMetadata())));
        json.addProperty("BlobType", properties.getBlobType() == null ? null
                : properties.getBlobType().toString().replace("Blob", ""));
        json.addProperty("ContentLength", properties.getBlobSize());
        json.addProperty("ContentType", properties.getContentType());
        json.addProperty("ETag", "\"" + BlobReceipts.unquote(properties.getETag()) + "\"");
        json.addProperty("ContentHash", properties.getContentMd5() == null ? null : Base64.getEncoder().encodeToString(properties.getContentMd5()));
        json.addProperty("ContentEncoding", properties.getContentEncoding());
        json.addProperty("ContentDisposition", properties.getContentDisposition());
        json.addProperty("ContentLanguage", properties.getContentLanguage());
        json.addProperty("CacheControl", properties.getCacheControl());
        json.addProperty("AccessTier", properties.getAccessTier() == null ? null : properties.getAccessTier().toString());
        json.addProperty("AccessTierInferred", properties.isAccessTierInferred());
        json.addProperty("LeaseState", properties.getLeaseState() == null ? null : properties.getLeaseState().toString());
        json.addProperty("LeaseStatus", properties.getLeaseStatus() == null ? null : properties.getLeaseStatus().toString());
        json.addProperty("IsServerEncrypted", properties.isServerEncrypted());
        return json;
    }

    private static String text(OffsetDateTime time) {
        return time == null ? null : time.toString();
    }
}
