package com.aisaas.devhost.host.blob;

import com.aisaas.devhost.host.storage.HostStorage;
import com.aisaas.devhost.host.worker.DotNetDates;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.rest.Response;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.specialized.BlobLeaseClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;

/**
 * Blob receipts in the host storage, like the WebJobs BlobReceiptManager: one empty blob per (function, blob eTag, blob)
 * at {@code azure-webjobs-hosts/blobreceipts/<hostId>/<functionId>/<eTag>/<container>/<blob>}. A receipt is created
 * create-if-not-exists ({@code If-None-Match: *}), then leased (60 s, renewed while the function runs) by the instance
 * that invokes; success writes {@code Completed=true} metadata under the lease. So an eTag already completed is never
 * invoked again, and two hosts sharing one storage account invoke it once: the other waits while the lease is held and
 * finds the receipt completed (or takes over once a crashed holder's lease lapses).
 */
final class BlobReceipts {

    static final int LEASE_SECONDS = 60;
    private static final String COMPLETED = "Completed";

    private final BlobContainerClient container;
    private final String hostId;
    private volatile boolean containerReady;

    BlobReceipts(BlobServiceClient hostStorage, String hostId) {
        this.container = hostStorage.getBlobContainerClient(HostStorage.CONTAINER);
        this.hostId = hostId;
    }

    /** The outcome of {@link #claim}. */
    enum State { CLAIMED, COMPLETED, BUSY }

    /** A claim: the state and, when CLAIMED, the lease to renew, complete or release. */
    record Claim(State state, BlobClient receipt, BlobLeaseClient lease, String leaseId) {
    }

    String receiptName(String functionId, String eTag, String containerName, String blobName) {
        return "blobreceipts/" + hostId + "/" + functionId + "/" + unquote(eTag) + "/" + containerName + "/" + blobName;
    }

    /**
     * Creates the receipt if needed and leases it; COMPLETED when an earlier invocation finished, BUSY while another holds
     * it. A receipt is read only when needed: one this call created is not completed, and a lease leaves the eTag as it
     * is, so when the lease answers with the eTag last seen not completed nothing has completed it since (a first
     * claim costs the create and the lease; a receipt that already existed one read more, and one more when it changed).
     */
    Claim claim(String functionId, String eTag, String containerName, String blobName) {
        BlobClient receipt = container.getBlobClient(receiptName(functionId, eTag, containerName, blobName));
        String notCompletedETag = createIfNotExists(receipt);
        if (notCompletedETag == null) {
            BlobProperties properties = receipt.getProperties();
            if (isCompleted(properties)) {
                return new Claim(State.COMPLETED, receipt, null, null);
            }
            notCompletedETag = properties.getETag();
        }
        BlobLeaseClient lease = new BlobLeaseClientBuilder().blobClient(receipt).buildClient();
        Response<String> acquired;
        try {
            acquired = lease.acquireLeaseWithResponse(LEASE_SECONDS, null, null, Context.NONE);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 409) {
                return new Claim(State.BUSY, receipt, null, null);
            }
            throw e;
        }
        String leaseId = acquired.getValue();
        // Changed between the check and the lease: the holder may have written the metadata and released it.
        String leasedETag = acquired.getHeaders().getValue(HttpHeaderName.ETAG);
        if (!Objects.equals(unquote(leasedETag), unquote(notCompletedETag)) && isCompleted(receipt.getProperties())) {
            release(new Claim(State.CLAIMED, receipt, lease, leaseId));
            return new Claim(State.COMPLETED, receipt, null, null);
        }
        return new Claim(State.CLAIMED, receipt, lease, leaseId);
    }

    void renew(Claim claim) {
        claim.lease().renewLease();
    }

    /** Marks the receipt completed (under the lease) and releases the lease. */
    void complete(Claim claim, String invocationHint) {
        claim.receipt().setMetadataWithResponse(Map.of(COMPLETED, "true", "CompletedOn", DotNetDates.format(Instant.now(), ZoneOffset.UTC), "By", invocationHint),
                new BlobRequestConditions().setLeaseId(claim.leaseId()), null, null);
        release(claim);
    }

    /** Gives the receipt back without completing it (the invocation failed; a retry may claim it). */
    void release(Claim claim) {
        try {
            claim.lease().releaseLease();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() != 409 && e.getStatusCode() != 412) {
                throw e;
            }
        }
    }

    /** Creates the receipt unless it exists; returns the eTag of the receipt this call created, null when it existed. */
    private String createIfNotExists(BlobClient receipt) {
        ensureContainer();
        try {
            return receipt.getBlockBlobClient().uploadWithResponse(new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(new byte[0]))
                    .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")), null, null).getValue().getETag();
        } catch (BlobStorageException e) {
            if (!BlobErrorCode.BLOB_ALREADY_EXISTS.equals(e.getErrorCode()) && e.getStatusCode() != 409 && e.getStatusCode() != 412) {
                throw e;
            }
            return null;
        }
    }

    private void ensureContainer() {
        if (!containerReady) {
            container.createIfNotExists();
            containerReady = true;
        }
    }

    private static boolean isCompleted(BlobProperties properties) {
        for (Map.Entry<String, String> entry : properties.getMetadata().entrySet()) {
            if (entry.getKey().equalsIgnoreCase(COMPLETED)) {
                return "true".equalsIgnoreCase(entry.getValue());
            }
        }
        return false;
    }

    static String unquote(String eTag) {
        String value = Objects.requireNonNullElse(eTag, "");
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
