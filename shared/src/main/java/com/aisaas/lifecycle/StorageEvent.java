package com.aisaas.lifecycle;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One Azure Storage event, whichever schema it arrived in (Event Grid or CloudEvents 1.0), with the fields the
 * lifecycle handling needs. {@code container} and {@code blobName} come from the subject
 * ({@code /blobServices/default/containers/<container>/blobs/<name>}); they are empty for account-level events
 * such as {@code LifecyclePolicyCompleted}.
 *
 * @param json the event as received (stored in a dead letter when the event is given up)
 */
public record StorageEvent(
        String id,
        String type,
        String subject,
        Instant time,
        Schema schema,
        Optional<String> container,
        Optional<String> blobName,
        Optional<String> api,
        Optional<String> eTag,
        Optional<String> sequencer,
        Optional<Long> contentLength,
        Optional<String> accessTier,
        Optional<String> previousTier,
        Optional<String> renamedFrom,
        Optional<String> renamedTo,
        Optional<String> lifecycleSummary,
        String json) {

    public enum Schema { EVENT_GRID, CLOUD_EVENTS }

    public static final String BLOB_CREATED = "Microsoft.Storage.BlobCreated";
    public static final String BLOB_DELETED = "Microsoft.Storage.BlobDeleted";
    public static final String BLOB_TIER_CHANGED = "Microsoft.Storage.BlobTierChanged";
    public static final String BLOB_RENAMED = "Microsoft.Storage.BlobRenamed";
    public static final String ASYNC_OPERATION_INITIATED = "Microsoft.Storage.AsyncOperationInitiated";
    public static final String LIFECYCLE_POLICY_COMPLETED = "Microsoft.Storage.LifecyclePolicyCompleted";

    public StorageEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(json, "json");
    }

    /** {@code <container>/<name>}, the form {@code files.blob_path} uses, when the event is about a blob. */
    public Optional<String> blobPath() {
        return container.flatMap(c -> blobName.map(n -> c + "/" + n));
    }
}
