package com.aisaas.storage;

import com.aisaas.common.ConflictException;
import com.aisaas.common.DependencyException;
import com.aisaas.common.NotFoundException;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobBeginCopySourceRequestConditions;
import com.azure.storage.blob.models.BlobCopyInfo;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.CopyStatusType;
import com.azure.storage.blob.models.UserDelegationKey;
import com.azure.storage.blob.options.BlobBeginCopyOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.sas.SasProtocol;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BlobStore} on Azure Blob Storage (Azurite locally).
 *
 * <p>SAS: with a connection string (local) the URLs are service SAS signed with the account key; with the managed
 * identity ({@code UploadsStorage__blobServiceUri}) they are user-delegation SAS, signed with a user delegation
 * key that is fetched with the identity's token and reused until it is close to expiry (no shared key anywhere).
 * Every SAS names exactly one blob, the fewest permissions (create+write for uploads, read for downloads and copy
 * sources) and, in Azure, HTTPS only.
 *
 * <p>Containers are created on first use, once per process.
 */
public final class AzureBlobStore implements BlobStore {

    static final Duration DELEGATION_KEY_LIFETIME = Duration.ofHours(24);
    static final Duration COPY_TIMEOUT = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(AzureBlobStore.class);

    private final BlobServiceClient service;
    private final boolean userDelegation;
    private final boolean httpsOnly;
    private final Clock clock;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();
    private UserDelegationKey delegationKey;

    /**
     * @param userDelegation sign with user delegation keys (managed identity) instead of the account key
     * @param httpsOnly restrict every SAS to HTTPS (APP_ENVIRONMENT=azure)
     */
    public AzureBlobStore(BlobServiceClient service, boolean userDelegation, boolean httpsOnly, Clock clock) {
        this.service = Objects.requireNonNull(service, "service");
        this.userDelegation = userDelegation;
        this.httpsOnly = httpsOnly;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public SignedUrl writeUrl(BlobRef blob, Duration ttl) {
        ensureContainer(blob.container());
        return sign(client(blob), new BlobSasPermission().setCreatePermission(true).setWritePermission(true), ttl,
                null, null, "sign upload URL");
    }

    @Override
    public SignedUrl readUrl(BlobRef blob, Duration ttl, String downloadName, String contentType) {
        return sign(client(blob), new BlobSasPermission().setReadPermission(true), ttl,
                ContentDisposition.attachment(downloadName), contentType, "sign download URL");
    }

    @Override
    public void create(BlobRef blob, byte[] content, String contentType) {
        ensureContainer(blob.container());
        try {
            client(blob).uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(content))
                            .setHeaders(new BlobHttpHeaders().setContentType(contentType))
                            .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")),
                    null, Context.NONE);
        } catch (RuntimeException e) {
            throw translate(e, "upload blob");
        }
    }

    @Override
    public byte[] read(BlobRef blob, long offset, long count) {
        if (offset < 0 || count < 1) {
            throw new IllegalArgumentException("bad range " + offset + "+" + count);
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(count, 1 << 20));
            client(blob).downloadStreamWithResponse(out, new BlobRange(offset, count), null, null, false, null,
                    Context.NONE);
            return out.toByteArray();
        } catch (RuntimeException e) {
            throw translate(e, "read blob");
        }
    }

    @Override
    public long size(BlobRef blob) {
        try {
            return client(blob).getProperties().getBlobSize();
        } catch (RuntimeException e) {
            throw translate(e, "read blob properties");
        }
    }

    @Override
    public boolean move(String name, String from, String to) {
        BlobClient source = client(new BlobRef(from, name));
        BlobClient target = client(new BlobRef(to, name));
        try {
            if (!source.exists()) {
                return target.exists();
            }
            copy(source, target, from, to, null);
            source.deleteIfExists();
            return true;
        } catch (RuntimeException e) {
            throw translate(e, "move blob");
        }
    }

    @Override
    public String copy(String name, String from, String to, String sourceEtag) {
        Objects.requireNonNull(sourceEtag, "sourceEtag");
        try {
            String etag = copy(client(new BlobRef(from, name)), client(new BlobRef(to, name)), from, to, sourceEtag);
            return etag == null ? null : etag.replace("\"", "");
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 412) {
                throw new ConflictException("The blob changed since it was read.", e);
            }
            throw translate(e, "copy blob");
        } catch (RuntimeException e) {
            throw translate(e, "copy blob");
        }
    }

    /**
     * Server-side copy (Copy Blob from a read SAS of the source, polled to completion; within one account it
     * completes at once). With {@code sourceEtag}, Storage copies only that version of the source
     * ({@code x-ms-source-if-match}). @return the target's eTag
     */
    private String copy(BlobClient source, BlobClient target, String from, String to, String sourceEtag) {
        ensureContainer(to);
        SignedUrl sourceUrl = sign(source, new BlobSasPermission().setReadPermission(true), Duration.ofMinutes(15),
                null, null, "sign copy source");
        BlobBeginCopyOptions options = new BlobBeginCopyOptions(sourceUrl.url().toString())
                .setPollInterval(Duration.ofMillis(250));
        if (sourceEtag != null) {
            options.setSourceRequestConditions(new BlobBeginCopySourceRequestConditions()
                    .setIfMatch("\"" + sourceEtag + "\""));
        }
        SyncPoller<BlobCopyInfo, Void> poller = target.beginCopy(options);
        PollResponse<BlobCopyInfo> done = poller.waitForCompletion(COPY_TIMEOUT);
        CopyStatusType status = done.getValue() == null ? null : done.getValue().getCopyStatus();
        if (status != CopyStatusType.SUCCESS) {
            throw new DependencyException(BlobStorage.COMPONENT, true,
                    "copy " + from + " -> " + to + " did not succeed (status " + status + ")");
        }
        return done.getValue().getETag();
    }

    @Override
    public BlobContent content(BlobRef blob) {
        return AzureBlobContent.of(client(blob));
    }

    @Override
    public boolean delete(BlobRef blob) {
        try {
            return client(blob).deleteIfExists();
        } catch (RuntimeException e) {
            throw translate(e, "delete blob");
        }
    }

    /** Creates {@code container} if it does not exist, the first time this process needs it. */
    public void ensureContainer(String container) {
        if (ensured.contains(container)) {
            return;
        }
        if (BlobStorage.ensureExists(service.getBlobContainerClient(container))) {
            log.info("created blob container {}", container);
        }
        ensured.add(container);
    }

    private BlobClient client(BlobRef blob) {
        return service.getBlobContainerClient(blob.container()).getBlobClient(blob.name());
    }

    private SignedUrl sign(BlobClient blob, BlobSasPermission permission, Duration ttl, String contentDisposition,
                           String contentType, String operation) {
        Instant now = clock.instant();
        OffsetDateTime expiry = OffsetDateTime.ofInstant(now.plus(ttl), ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        BlobServiceSasSignatureValues values = new BlobServiceSasSignatureValues(expiry, permission)
                .setProtocol(httpsOnly ? SasProtocol.HTTPS_ONLY : SasProtocol.HTTPS_HTTP);
        if (contentDisposition != null) {
            values.setContentDisposition(contentDisposition);
        }
        if (contentType != null) {
            values.setContentType(contentType);
        }
        try {
            String sas = userDelegation
                    ? blob.generateUserDelegationSas(values, delegationKey(now, expiry))
                    : blob.generateSas(values);
            return new SignedUrl(URI.create(readableUrl(blob.getBlobUrl()) + "?" + sas), expiry.toInstant());
        } catch (RuntimeException e) {
            throw translate(e, operation);
        }
    }

    /**
     * The blob URL with the name's separators as {@code /} (the SDK writes {@code %2F}; Storage reads both the same
     * way, and a literal {@code %} in a name is {@code %25}, so only separators change).
     */
    static String readableUrl(String blobUrl) {
        return blobUrl.replace("%2F", "/").replace("%2f", "/");
    }

    /** A user delegation key valid beyond {@code expiry}; fetched again when the cached one would end sooner. */
    private synchronized UserDelegationKey delegationKey(Instant now, OffsetDateTime expiry) {
        if (delegationKey == null || delegationKey.getSignedExpiry().isBefore(expiry.plusMinutes(5))) {
            OffsetDateTime start = OffsetDateTime.ofInstant(now.minus(Duration.ofMinutes(5)), ZoneOffset.UTC);
            OffsetDateTime end = OffsetDateTime.ofInstant(now, ZoneOffset.UTC).plus(DELEGATION_KEY_LIFETIME);
            if (end.isBefore(expiry.plusMinutes(5))) {
                end = expiry.plusMinutes(5);
            }
            delegationKey = service.getUserDelegationKey(start, end);
        }
        return delegationKey;
    }

    /** Blob SDK failures as domain exceptions (here, never above the adapter). */
    static RuntimeException translate(RuntimeException e, String operation) {
        if (e instanceof DependencyException || e instanceof NotFoundException || e instanceof ConflictException) {
            return e;
        }
        if (e instanceof BlobStorageException storage) {
            BlobErrorCode code = storage.getErrorCode();
            if (BlobErrorCode.BLOB_NOT_FOUND.equals(code)) {
                return new NotFoundException("The file's content is not in storage.", e);
            }
            if (BlobErrorCode.BLOB_ALREADY_EXISTS.equals(code)
                    || (storage.getStatusCode() == 409 && operation.startsWith("upload"))
                    || (storage.getStatusCode() == 412 && operation.startsWith("upload"))) {
                return new ConflictException("The file's content already exists.", e);
            }
        }
        return BlobStorage.translate(e, operation);
    }
}
