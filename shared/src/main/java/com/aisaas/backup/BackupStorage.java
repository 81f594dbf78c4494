package com.aisaas.backup;

import com.aisaas.common.NotFoundException;
import com.aisaas.files.BlobPaths;
import com.aisaas.storage.BlobStorage;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlockBlobOutputStreamOptions;
import com.azure.storage.common.implementation.Constants;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code backups} container: one folder per backup ({@code <runId>/}), its parts and {@code manifest.json}.
 * Parts are streamed in and out in blocks of {@value #BLOCK_BYTES} bytes, so memory does not grow with their size.
 * Storage failures leave as {@link com.aisaas.common.DependencyException} ("blob"); a missing blob as
 * {@link NotFoundException}.
 */
final class BackupStorage {

    static final int BLOCK_BYTES = 8 * 1024 * 1024;

    private final BlobContainerClient container;

    BackupStorage(BlobServiceClient service) {
        this(service, BlobPaths.BACKUPS_CONTAINER);
    }

    BackupStorage(BlobServiceClient service, String container) {
        this(service.getBlobContainerClient(container));
    }

    BackupStorage(BlobContainerClient container) {
        this.container = Objects.requireNonNull(container, "container");
    }

    BlobContainerClient container() {
        return container;
    }

    void ensureContainer() {
        BlobStorage.ensureExists(container);
    }

    /** A new blob {@code <runId>/<name>} to write (never overwrites); close it to commit. */
    OutputStream create(BackupRunId runId, String name) {
        try {
            return blob(runId, name).getBlockBlobClient().getBlobOutputStream(new BlockBlobOutputStreamOptions()
                    .setParallelTransferOptions(new ParallelTransferOptions()
                            .setBlockSizeLong((long) BLOCK_BYTES).setMaxConcurrency(2)
                            .setMaxSingleUploadSizeLong((long) BLOCK_BYTES))
                    .setRequestConditions(new BlobRequestConditions().setIfNoneMatch(Constants.HeaderConstants.ETAG_WILDCARD)));
        } catch (RuntimeException e) {
            throw BlobStorage.translate(e, "create " + path(runId, name));
        }
    }

    /**
     * Reads {@code <runId>/<name>}, downloading ahead on a thread of its own (the version that existed when it was
     * opened: If-Match its ETag); {@link NotFoundException} when it does not exist.
     */
    InputStream open(BackupRunId runId, String name) {
        BlobClient blob = blob(runId, name);
        String etag;
        try {
            etag = blob.getProperties().getETag();
        } catch (RuntimeException e) {
            throw translate(e, runId, name);
        }
        return new PrefetchingInputStream(out -> {
            try {
                blob.downloadStreamWithResponse(out, null, null, new BlobRequestConditions().setIfMatch(etag), false,
                        null, Context.NONE);
            } catch (RuntimeException e) {
                throw new java.io.IOException(translate(e, runId, name).getMessage(), e);
            }
        }, "backup-download-" + name);
    }

    void writeManifest(BackupRunId runId, byte[] json) {
        try {
            blob(runId, BackupManifest.FILE_NAME).upload(BinaryData.fromBytes(json), false);
        } catch (RuntimeException e) {
            throw BlobStorage.translate(e, "write " + path(runId, BackupManifest.FILE_NAME));
        }
    }

    /** The manifest's bytes; {@link NotFoundException} when the backup has none (incomplete or deleted). */
    byte[] readManifest(BackupRunId runId) {
        try {
            return blob(runId, BackupManifest.FILE_NAME).downloadContent().toBytes();
        } catch (RuntimeException e) {
            throw translate(e, runId, BackupManifest.FILE_NAME);
        }
    }

    boolean hasManifest(BackupRunId runId) {
        try {
            return blob(runId, BackupManifest.FILE_NAME).exists();
        } catch (RuntimeException e) {
            throw BlobStorage.translate(e, "check " + path(runId, BackupManifest.FILE_NAME));
        }
    }

    /** Every backup folder in the container (complete or not), oldest first; an absent container has none. */
    List<BackupRunId> list() {
        List<BackupRunId> ids = new ArrayList<>();
        try {
            if (!container.exists()) {
                return ids;
            }
            for (BlobItem item : container.listBlobsByHierarchy("/", new ListBlobsOptions(), null)) {
                if (Boolean.TRUE.equals(item.isPrefix())) {
                    String name = item.getName();
                    BackupRunId.tryParse(name.endsWith("/") ? name.substring(0, name.length() - 1) : name)
                            .ifPresent(ids::add);
                }
            }
        } catch (RuntimeException e) {
            throw BlobStorage.translate(e, "list " + container.getBlobContainerName());
        }
        ids.sort(null);
        return ids;
    }

    /** The blobs of one backup: name in its folder to size. */
    Map<String, Long> blobs(BackupRunId runId) {
        Map<String, Long> blobs = new LinkedHashMap<>();
        try {
            for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(runId + "/")
                    .setDetails(new BlobListDetails()), null)) {
                blobs.put(item.getName().substring(runId.value().length() + 1), item.getProperties().getContentLength());
            }
        } catch (RuntimeException e) {
            throw BlobStorage.translate(e, "list " + path(runId, ""));
        }
        return blobs;
    }

    /** Deletes one backup: its manifest first (a half-deleted backup is incomplete, not corrupt), then the rest. */
    int delete(BackupRunId runId) {
        Map<String, Long> blobs = blobs(runId);
        int deleted = 0;
        try {
            if (blobs.containsKey(BackupManifest.FILE_NAME)) {
                blob(runId, BackupManifest.FILE_NAME).deleteIfExists();
                deleted++;
            }
            for (String name : blobs.keySet()) {
                if (!name.equals(BackupManifest.FILE_NAME)) {
                    blob(runId, name).deleteIfExists();
                    deleted++;
                }
            }
        } catch (RuntimeException e) {
            throw BlobStorage.translate(e, "delete " + path(runId, ""));
        }
        return deleted;
    }

    static String path(BackupRunId runId, String name) {
        return BlobPaths.BACKUPS_CONTAINER + "/" + runId + "/" + name;
    }

    private BlobClient blob(BackupRunId runId, String name) {
        return container.getBlobClient(runId + "/" + name);
    }

    private static RuntimeException translate(RuntimeException e, BackupRunId runId, String name) {
        if (e instanceof BlobStorageException storage
                && (BlobErrorCode.BLOB_NOT_FOUND.equals(storage.getErrorCode()) || storage.getStatusCode() == 404)) {
            return new NotFoundException(path(runId, name) + " does not exist", e);
        }
        return BlobStorage.translate(e, "read " + path(runId, name));
    }
}
