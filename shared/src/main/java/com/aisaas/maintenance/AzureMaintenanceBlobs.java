package com.aisaas.maintenance;

import com.aisaas.storage.BlobStorage;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.rest.PagedResponse;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.models.ListBlobsOptions;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/** {@link MaintenanceBlobs} on the Azure Blob SDK (Azurite locally). */
public final class AzureMaintenanceBlobs implements MaintenanceBlobs {

    private final BlobServiceClient service;

    public AzureMaintenanceBlobs(BlobServiceClient service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    @Override
    public boolean deleteIfExists(String container, String name) {
        try {
            return service.getBlobContainerClient(container).getBlobClient(name)
                    .deleteIfExistsWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, null, null).getValue();
        } catch (RuntimeException e) {
            if (isNotFound(e)) {
                return false; // the container is gone too
            }
            throw BlobStorage.translate(e, "delete blob in " + container);
        }
    }

    /** A 404 from the service, possibly wrapped by the SDK's paging. */
    private static boolean isNotFound(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpResponseException http && http.getResponse() != null
                    && http.getResponse().getStatusCode() == 404) {
                return true;
            }
        }
        return false;
    }

    @Override
    public byte[] read(String container, String name) {
        try {
            return service.getBlobContainerClient(container).getBlobClient(name).downloadContent().toBytes();
        } catch (RuntimeException e) {
            throw BlobStorage.translate(e, "read blob in " + container);
        }
    }

    @Override
    public boolean exists(String container, String name) {
        try {
            return service.getBlobContainerClient(container).getBlobClient(name).exists();
        } catch (RuntimeException e) {
            throw BlobStorage.translate(e, "check blob in " + container);
        }
    }

    @Override
    public Iterator<BlobEntry> list(String container, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1: " + pageSize);
        }
        Iterator<PagedResponse<BlobItem>> pages;
        try {
            pages = service.getBlobContainerClient(container)
                    .listBlobs(new ListBlobsOptions().setMaxResultsPerPage(pageSize), null)
                    .iterableByPage()
                    .iterator();
        } catch (RuntimeException e) {
            if (isNotFound(e)) {
                return Collections.emptyIterator(); // no such container: nothing in it
            }
            throw BlobStorage.translate(e, "list blobs in " + container);
        }
        return new Iterator<>() {
            private Iterator<BlobItem> page = Collections.emptyIterator();
            private boolean done;

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && !done) {
                    try {
                        if (pages.hasNext()) {
                            page = pages.next().getValue().iterator();
                        } else {
                            done = true;
                        }
                    } catch (RuntimeException e) {
                        if (!isNotFound(e)) {
                            throw BlobStorage.translate(e, "list blobs in " + container);
                        }
                        done = true; // no such container: nothing in it
                    }
                }
                return page.hasNext();
            }

            @Override
            public BlobEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                BlobItem item = page.next();
                BlobItemProperties properties = item.getProperties();
                OffsetDateTime created = properties == null ? null : properties.getCreationTime();
                if (created == null && properties != null) {
                    created = properties.getLastModified();
                }
                Instant createdAt = created == null ? Instant.EPOCH : created.toInstant();
                long size = properties == null || properties.getContentLength() == null
                        ? 0 : properties.getContentLength();
                return new BlobEntry(item.getName(), properties == null ? null : properties.getETag(), createdAt,
                        size);
            }
        };
    }
}
