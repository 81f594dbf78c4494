package com.aisaas.devhost.events;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the watcher keeps its acknowledged state between runs: one JSON blob per watched container at
 * {@code azure-webjobs-hosts/devhost-eventsource/<hostId>/<container>.json} in the watched account. Devhosts running
 * the same app share it, which only matters at start (it is the baseline of the first listing).
 */
final class SnapshotStore {

    static final String CONTAINER = "azure-webjobs-hosts";
    static final String PREFIX = "devhost-eventsource/";

    private final BlobContainerClient container;
    private final String hostId;
    private final ObjectMapper json;
    private volatile boolean ready;

    SnapshotStore(BlobServiceClient account, String hostId, ObjectMapper json) {
        this.container = account.getBlobContainerClient(CONTAINER);
        this.hostId = hostId;
        this.json = json;
    }

    String blobName(String watched) {
        return PREFIX + hostId + "/" + watched + ".json";
    }

    /** The saved state of a container, or null when there is none. */
    Map<String, BlobState> load(String watched) {
        BinaryData content;
        try {
            content = container.getBlobClient(blobName(watched)).downloadContent();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return null;
            }
            throw e;
        }
        try {
            JsonNode root = json.readTree(content.toBytes());
            Map<String, BlobState> state = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> blobs = root.path("blobs").fields();
            while (blobs.hasNext()) {
                Map.Entry<String, JsonNode> blob = blobs.next();
                JsonNode b = blob.getValue();
                String created = b.path("createdOn").asText(null);
                state.put(blob.getKey(), new BlobState(b.path("eTag").asText(""), b.path("accessTier").asText(null),
                        b.path("contentLength").asLong(), b.path("contentType").asText(null), b.path("blobType").asText("BlockBlob"),
                        created == null ? null : OffsetDateTime.parse(created), b.path("metadataHash").asInt(),
                        b.path("copied").asBoolean()));
            }
            return state;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("unreadable watcher state " + CONTAINER + "/" + blobName(watched) + ": " + e.getMessage(), e);
        }
    }

    void save(String watched, Map<String, BlobState> state) {
        ObjectNode root = json.createObjectNode();
        root.put("container", watched);
        root.put("savedAt", Instant.now().toString());
        ObjectNode blobs = root.putObject("blobs");
        state.forEach((name, s) -> {
            ObjectNode b = blobs.putObject(name);
            b.put("eTag", s.eTag());
            b.put("accessTier", s.accessTier());
            b.put("contentLength", s.contentLength());
            b.put("contentType", s.contentType());
            b.put("blobType", s.blobType());
            b.put("createdOn", s.createdOn() == null ? null : s.createdOn().toString());
            b.put("metadataHash", s.metadataHash());
            b.put("copied", s.copied());
        });
        if (!ready) {
            container.createIfNotExists();
            ready = true;
        }
        try {
            container.getBlobClient(blobName(watched)).uploadWithResponse(
                    new BlobParallelUploadOptions(BinaryData.fromBytes(json.writeValueAsBytes(root)))
                            .setHeaders(new BlobHttpHeaders().setContentType("application/json")), null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
