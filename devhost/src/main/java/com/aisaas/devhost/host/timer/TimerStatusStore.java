package com.aisaas.devhost.host.timer;

import com.aisaas.devhost.host.storage.HostStorage;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

/**
 * Timer schedule statuses in the host storage, where the real host's StorageScheduleMonitor keeps them:
 * {@code azure-webjobs-hosts/timers/<hostId>/<timer name>/status}, one JSON object {@code {"Last","Next","LastUpdated"}}
 * ({@link ScheduleStatus}). The timer name is the function's method name as the host sees it, {@code Host.Functions.<Name>}.
 */
final class TimerStatusStore {

    private final BlobContainerClient container;
    private final String hostId;
    private final ZoneId zone;
    private volatile boolean containerReady;

    TimerStatusStore(BlobServiceClient hostStorage, String hostId, ZoneId zone) {
        this.container = hostStorage.getBlobContainerClient(HostStorage.CONTAINER);
        this.hostId = hostId;
        this.zone = zone;
    }

    static String timerName(String functionName) {
        return HostStorage.FUNCTION_ID_PREFIX + functionName;
    }

    String blobName(String functionName) {
        return "timers/" + hostId + "/" + timerName(functionName) + "/status";
    }

    /** The stored status, or null when none was recorded yet (or it cannot be read as one: it is then rewritten). */
    ScheduleStatus read(String functionName) {
        BlobClient blob = container.getBlobClient(blobName(functionName));
        String text;
        try {
            text = blob.downloadContent().toString();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return null;
            }
            throw e;
        }
        try {
            return ScheduleStatus.parse(text, zone);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    void write(String functionName, ScheduleStatus status) {
        ensureContainer();
        container.getBlobClient(blobName(functionName)).uploadWithResponse(
                new BlobParallelUploadOptions(BinaryData.fromBytes(status.toJsonText(zone).getBytes(StandardCharsets.UTF_8)))
                        .setHeaders(new BlobHttpHeaders().setContentType("application/json")), null, null);
    }

    private void ensureContainer() {
        if (!containerReady) {
            container.createIfNotExists();
            containerReady = true;
        }
    }
}
