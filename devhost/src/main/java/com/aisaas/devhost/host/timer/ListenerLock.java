package com.aisaas.devhost.host.timer;

import com.aisaas.devhost.host.storage.HostStorage;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.specialized.BlobLeaseClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import java.time.Duration;

/**
 * A timer's singleton listener lock, as the real host takes it (timer listeners are {@code [Singleton(Mode = Listener)]}):
 * a blob lease on {@code azure-webjobs-hosts/locks/<hostId>/Host.Functions.<Name>.Listener} for
 * {@code singleton.listenerLockPeriod}. Whoever holds it runs the schedule; the others try again every
 * {@code listenerLockRecoveryPollingInterval}. The holder renews it while it runs and releases it when it stops; a
 * crashed holder's lease lapses after the period. Not thread-safe: one listener uses it.
 */
final class ListenerLock {

    /** The outcome of {@link #renew()}. */
    enum Renewal { RENEWED, LOST }

    private final BlobContainerClient container;
    private final BlobClient blob;
    private final BlobLeaseClient lease;
    private final int periodSeconds;
    private boolean blobReady;
    private volatile boolean held;

    ListenerLock(BlobServiceClient hostStorage, String hostId, String functionName, Duration period) {
        this.container = hostStorage.getBlobContainerClient(HostStorage.CONTAINER);
        this.blob = container.getBlobClient(blobName(hostId, functionName));
        this.lease = new BlobLeaseClientBuilder().blobClient(blob).buildClient();
        this.periodSeconds = (int) period.toSeconds();
    }

    static String blobName(String hostId, String functionName) {
        return "locks/" + hostId + "/" + TimerStatusStore.timerName(functionName) + ".Listener";
    }

    /** Takes the lease if nobody holds it; false while another instance does. Storage failures are thrown. */
    boolean tryAcquire() {
        ensureBlob();
        try {
            lease.acquireLease(periodSeconds);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 409) {
                return false;
            }
            throw e;
        }
        held = true;
        return true;
    }

    /** Extends the lease by another period; LOST when it lapsed and someone else took it (or the blob is gone). */
    Renewal renew() {
        try {
            lease.renewLease();
            return Renewal.RENEWED;
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 409 || e.getStatusCode() == 412 || e.getStatusCode() == 404) {
                held = false;
                return Renewal.LOST;
            }
            throw e;
        }
    }

    /** Gives the lease back (best effort: a lost lease or an unreachable storage is left to lapse). */
    void release() {
        if (!held) {
            return;
        }
        held = false;
        try {
            lease.releaseLease();
        } catch (RuntimeException e) {
            // lapses by itself after the period
        }
    }

    boolean held() {
        return held;
    }

    String describe() {
        return HostStorage.CONTAINER + "/" + blob.getBlobName();
    }

    private void ensureBlob() {
        if (blobReady) {
            return;
        }
        container.createIfNotExists();
        try {
            blob.getBlockBlobClient().uploadWithResponse(new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(new byte[0]))
                    .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")), null, null);
        } catch (BlobStorageException e) {
            if (!BlobErrorCode.BLOB_ALREADY_EXISTS.equals(e.getErrorCode()) && e.getStatusCode() != 409 && e.getStatusCode() != 412) {
                throw e;
            }
        }
        blobReady = true;
    }
}
