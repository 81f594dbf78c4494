package com.aisaas.devhost.events;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlockListType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Event Grid schema events of Azure Storage (event-schema-blob-storage): topic
 * {@code /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/devhost/providers/Microsoft.Storage/storageAccounts/<account>},
 * subject {@code /blobServices/default/containers/<c>/blobs/<name>}, a fresh id, eventTime with 7 fractional digits,
 * dataVersion "" and metadataVersion "1", and per type the data Azure sends: BlobCreated (api PutBlob, PutBlockList or
 * CopyBlob, clientRequestId, requestId, eTag, contentType, contentLength, blobType, url, sequencer, storageDiagnostics),
 * BlobDeleted (api DeleteBlob) and BlobTierChanged (api SetBlobTier, accessTier, previousTier).
 */
final class StorageEvents {

    static final String SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";
    static final String RESOURCE_GROUP = "devhost";
    static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Logger LOG = LoggerFactory.getLogger(StorageEvents.class);

    private final ObjectMapper json;
    private final BlobServiceClient account;
    private final String topic;

    StorageEvents(ObjectMapper json, BlobServiceClient account) {
        this.json = json;
        this.account = account;
        this.topic = "/subscriptions/" + SUBSCRIPTION_ID + "/resourceGroups/" + RESOURCE_GROUP
                + "/providers/Microsoft.Storage/storageAccounts/" + account.getAccountName();
    }

    String topic() {
        return topic;
    }

    /**
     * The {@code data.api} of a change. A new blob version is PutBlockList when it has committed blocks (staged upload)
     * and PutBlob otherwise; a copied blob is CopyBlob. Costs one Get Block List per new version.
     */
    String api(BlobChange change) {
        switch (change.kind()) {
            case DELETED:
                return "DeleteBlob";
            case TIER_CHANGED:
                return "SetBlobTier";
            default:
                if (change.after().copied()) {
                    return "CopyBlob";
                }
                if (!"BlockBlob".equalsIgnoreCase(change.after().blobType())) {
                    return "PutBlob";
                }
                try {
                    BlobContainerClient container = account.getBlobContainerClient(change.container());
                    boolean blocks = !container.getBlobClient(change.name()).getBlockBlobClient()
                            .listBlocks(BlockListType.COMMITTED).getCommittedBlocks().isEmpty();
                    return blocks ? "PutBlockList" : "PutBlob";
                } catch (RuntimeException e) {
                    LOG.debug("block list of {}/{} not read ({}): api PutBlob", change.container(), change.name(), e.toString());
                    return "PutBlob";
                }
        }
    }

    ObjectNode event(BlobChange change, String api, Instant now) {
        String requestId = requestId();
        ObjectNode event = json.createObjectNode();
        event.put("topic", topic);
        event.put("subject", "/blobServices/default/containers/" + change.container() + "/blobs/" + change.name());
        event.put("eventType", change.eventType());
        event.put("id", requestId.substring(0, requestId.length() - 6) + hex6());
        ObjectNode data = event.putObject("data");
        data.put("api", api);
        data.put("clientRequestId", UUID.randomUUID().toString());
        data.put("requestId", requestId);
        BlobState state = change.after() != null ? change.after() : change.before();
        if (change.kind() == BlobChange.Kind.CREATED) {
            data.put("eTag", state.eTag());
        }
        data.put("contentType", state.contentType());
        if (change.kind() != BlobChange.Kind.DELETED) {
            data.put("contentLength", state.contentLength());
        }
        data.put("blobType", state.blobType());
        if (change.kind() == BlobChange.Kind.TIER_CHANGED) {
            data.put("accessTier", change.after().accessTier());
            data.put("previousTier", change.before().accessTier());
        }
        data.put("url", blobUrl(change.container(), change.name()));
        data.put("sequencer", change.sequencer());
        data.putObject("storageDiagnostics").put("batchId", UUID.randomUUID().toString());
        event.put("dataVersion", "");
        event.put("metadataVersion", "1");
        event.put("eventTime", EVENT_TIME.format(now));
        return event;
    }

    /** The blob's URL as Azure writes it in events: the Java SDK escapes '/' in blob names, Azure does not. */
    String blobUrl(String container, String name) {
        return account.getBlobContainerClient(container).getBlobClient(name).getBlobUrl().replace("%2F", "/");
    }

    /** Azure's request ids end in six zeros: {@code 831e1650-001e-001b-66ab-eeb76e000000}. */
    private static String requestId() {
        String id = UUID.randomUUID().toString();
        return id.substring(0, id.length() - 6) + "000000";
    }

    private static String hex6() {
        return String.format(Locale.ROOT, "%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }
}
