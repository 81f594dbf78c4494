package com.aisaas.files;

import com.aisaas.cache.MetadataCache;
import com.aisaas.common.ConflictException;
import com.aisaas.common.PreconditionFailedException;
import com.aisaas.config.FilesSettings;
import com.aisaas.storage.BlobStore;
import com.aisaas.storage.BlobStore.BlobRef;
import com.aisaas.storage.BlobStore.SignedUrl;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files API: upload sessions and direct uploads, listing, metadata, content, rename and tags, soft delete
 * and restore — always for one owner ({@link Actor}); another owner's file answers 404 everywhere.
 *
 * <p>Rules this class decides (and docs/openapi.yaml documents):
 * <ul>
 *   <li>The upload policy is checked before anything is stored (400/413/415). New files are {@code pending}: the
 *       blob trigger (processing) makes them {@code ready} or {@code rejected}.</li>
 *   <li>Content is served for {@code ready} files only; any other status is 409 (the file exists, its content is
 *       not available in this state).</li>
 *   <li>{@code If-Match} is optional on PATCH and DELETE; when present it must match the current ETag (412).</li>
 *   <li>Deleted files cannot be renamed (409); deleting a deleted file changes nothing (204). A restore after
 *       FILES_RESTORE_WINDOW_DAYS, or of a file that is not deleted, is 409.</li>
 *   <li>Metadata by id and first list pages are cached per owner; every write invalidates the owner's entries,
 *       so an author's next read sees the write.</li>
 * </ul>
 */
public final class FileService {

    static final String UPLOAD_METHOD = "PUT";
    private static final Logger log = LoggerFactory.getLogger(FileService.class);

    private final FileRepository repository;
    private final BlobStore blobs;
    private final MetadataCache cache;
    private final UploadPolicy policy;
    private final FilesSettings settings;
    private final Clock clock;
    private final Supplier<CursorKeys> cursorKeys;

    /** @param cursorKeys the list cursors' signing keys, asked for per request (a rotated secret is picked up) */
    public FileService(FileRepository repository, BlobStore blobs, MetadataCache cache, FilesSettings settings,
                       Supplier<CursorKeys> cursorKeys, Clock clock) {
        this.cursorKeys = Objects.requireNonNull(cursorKeys, "cursorKeys");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.policy = UploadPolicy.from(settings);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public UploadPolicy policy() {
        return policy;
    }

    /** Creates a {@code pending} file and a write-only SAS for its one blob. */
    public UploadSession createUploadSession(Actor actor, UploadSessionRequest request) {
        if (request == null) {
            throw new InvalidFieldException("body", "a JSON object with name, size and contentType is required");
        }
        require("name", request.name());
        require("size", request.size());
        require("contentType", request.contentType());
        String name = policy.name("name", request.name());
        String contentType = policy.contentType("contentType", request.contentType());
        long size = policy.sessionSize("size", request.size());
        Map<String, String> tags = Tags.validate("tags", request.tags());

        Instant now = now();
        FileId id = FileId.random();
        FileRecord file = newFile(actor, id, name, contentType, size, null, tags, now);
        SignedUrl url = blobs.writeUrl(new BlobRef(BlobPaths.UPLOADS_CONTAINER, file.blobName()), settings.uploadSasTtl());
        FileRecord stored = repository.create(file, audit(actor, "file.upload_session_created", id,
                Map.of("name", name, "contentType", contentType, "size", size, "expiresAt", url.expiresAt().toString())));
        cache.invalidate(actor.scope());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-ms-blob-type", "BlockBlob");
        headers.put("Content-Type", contentType);
        return new UploadSession(id.toString(), url.url().toString(), UPLOAD_METHOD, headers, url.expiresAt(), view(stored));
    }

    /** Stores a small file sent through the function; the file is {@code pending} until processed. */
    public FileView upload(Actor actor, DirectUpload upload) {
        String name = policy.name(upload.nameField(), upload.name());
        String contentType = policy.contentType(upload.contentTypeField(), upload.contentType());
        long size = policy.directSize(upload.content().length);

        Instant now = now();
        FileId id = FileId.random();
        FileRecord file = newFile(actor, id, name, contentType, size, size, Map.of(), now);
        FileRecord stored = repository.create(file, audit(actor, "file.uploaded", id,
                Map.of("name", name, "contentType", contentType, "size", size)));
        try {
            blobs.create(new BlobRef(BlobPaths.UPLOADS_CONTAINER, stored.blobName()), upload.content(), contentType);
        } catch (RuntimeException e) {
            try {
                repository.remove(actor.scope(), id, audit(actor, "file.upload_failed", id, Map.of("name", name)));
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
                log.warn("could not remove the row of failed upload {}: {}", id, cleanup.toString());
            }
            throw e;
        } finally {
            cache.invalidate(actor.scope());
        }
        return view(stored);
    }

    /** One page of the owner's files, newest first. */
    public FilePage list(Actor actor, ListQuery query) {
        String binding = query.binding(actor.scope().key());
        CursorKeys keys = cursorKeys.get();
        Optional<Cursor> after = query.cursor().map(text -> Cursor.decode(text, binding, keys));
        if (after.isEmpty()) {
            Optional<FilePage> cached = cache.get(actor.scope(), query.firstPageKey(), FilePage.class);
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        List<FileRecord> rows = repository.list(actor.scope(), query, after, query.limit() + 1);
        boolean more = rows.size() > query.limit();
        List<FileRecord> items = more ? rows.subList(0, query.limit()) : rows;
        List<FileView> views = new ArrayList<>(items.size());
        for (FileRecord row : items) {
            views.add(view(row));
        }
        String next = null;
        if (more) {
            FileRecord last = items.get(items.size() - 1);
            next = new Cursor(last.createdAt(), last.id().value()).encode(binding, keys);
        }
        FilePage page = new FilePage(views, next);
        if (after.isEmpty()) {
            cache.put(actor.scope(), query.firstPageKey(), page);
        }
        return page;
    }

    /** The file's metadata (also for a deleted file, with {@code restorableUntil}). */
    public FileView get(Actor actor, FileId id) {
        String key = "file:" + id;
        Optional<FileView> cached = cache.get(actor.scope(), key, FileView.class);
        if (cached.isPresent()) {
            return cached.get();
        }
        FileView view = view(find(actor, id));
        cache.put(actor.scope(), key, view);
        return view;
    }

    /**
     * The content of a {@code ready} file: a redirect to a read SAS, or — with {@code inline} and a file of at most
     * INLINE_DOWNLOAD_MAX_BYTES — the bytes, honouring a single {@code Range}.
     */
    public Download content(Actor actor, FileId id, boolean inline, String rangeHeader) {
        FileRecord file = find(actor, id);
        if (file.status() != FileStatus.READY) {
            throw new ConflictException(file.status() == FileStatus.DELETED
                    ? "The file is deleted; restore it to download its content."
                    : "The file is " + file.status().wire() + "; its content is available once it is ready.");
        }
        BlobRef blob = new BlobRef(file.blobContainer(), file.blobName());
        Long knownSize = file.sizeBytes();
        boolean small = knownSize != null && knownSize <= settings.inlineDownloadMaxBytes();
        if (!inline || !small) {
            SignedUrl url = blobs.readUrl(blob, settings.downloadSasTtl(), file.name(), file.contentType());
            return new Download.Redirect(url.url(), url.expiresAt());
        }
        long size = knownSize;
        Optional<ByteRange> range = ByteRange.parse(rangeHeader, size);
        byte[] bytes = range.isPresent()
                ? blobs.read(blob, range.get().first(), range.get().length())
                : blobs.read(blob, 0, size);
        return new Download.Content(bytes, file.contentType(), file.name(), size, range.orElse(null), file.etag());
    }

    /** Renames and/or re-tags a file that is not deleted. */
    public FileView update(Actor actor, FileId id, FilePatch patch, String ifMatch) {
        if (patch == null || (patch.name() == null && patch.tags() == null)) {
            throw new InvalidFieldException("body", "give a new name and/or tags");
        }
        String name = patch.name() == null ? null : policy.name("name", patch.name());
        Map<String, String> tags = patch.tags() == null ? null : Tags.validate("tags", patch.tags());
        Instant now = now();
        try {
            FileRecord stored = repository.update(actor.scope(), id, current -> {
                checkIfMatch(ifMatch, current);
                if (current.status() == FileStatus.DELETED) {
                    throw new ConflictException("The file is deleted; restore it before changing it.");
                }
                String newName = name == null ? current.name() : name;
                Map<String, String> newTags = tags == null ? current.tags() : tags;
                if (newName.equals(current.name()) && newTags.equals(current.tags())) {
                    return null;
                }
                Map<String, Object> details = new LinkedHashMap<>();
                if (!newName.equals(current.name())) {
                    details.put("previousName", current.name());
                    details.put("name", newName);
                }
                if (!newTags.equals(current.tags())) {
                    details.put("previousTags", current.tags());
                    details.put("tags", newTags);
                }
                return new FileRepository.Update(current.withNameAndTags(newName, newTags, now),
                        audit(actor, "file.updated", id, details));
            });
            return view(stored);
        } finally {
            cache.invalidate(actor.scope());
        }
    }

    /**
     * Soft-deletes a file: status {@code deleted} (restorable for FILES_RESTORE_WINDOW_DAYS) and its blob moved from
     * where it lives ({@code files}, or {@code uploaded-files} before it was ready) to the {@code deleted-files}
     * container. Deleting a deleted file changes nothing.
     */
    public void delete(Actor actor, FileId id, String ifMatch) {
        Instant now = now();
        AtomicReference<FileRecord> before = new AtomicReference<>();
        try {
            FileRecord stored = repository.update(actor.scope(), id, current -> {
                checkIfMatch(ifMatch, current);
                before.set(null);
                if (current.status() == FileStatus.DELETED) {
                    return null;
                }
                before.set(current);
                return new FileRepository.Update(current.withState(FileStatus.DELETED, current.status(), now, now),
                        audit(actor, "file.deleted", id, Map.of("previousStatus", current.status().wire())));
            });
            FileRecord previous = before.get();
            if (previous != null) {
                moveOrRevert(actor, stored, previous, previous.contentContainer(), BlobPaths.DELETED_CONTAINER);
            }
        } finally {
            cache.invalidate(actor.scope());
        }
    }

    /** Brings a soft-deleted file back to the status it had and its blob to where it lived, within the restore window. */
    public FileView restore(Actor actor, FileId id) {
        Instant now = now();
        AtomicReference<FileRecord> before = new AtomicReference<>();
        try {
            FileRecord stored = repository.update(actor.scope(), id, current -> {
                if (current.status() != FileStatus.DELETED) {
                    throw new ConflictException("The file is not deleted.");
                }
                Instant until = current.deletedAt().plus(settings.restoreWindow());
                if (!now.isBefore(until)) {
                    throw new ConflictException("The restore window of " + settings.restoreWindow().toDays()
                            + " days ended at " + until.truncatedTo(ChronoUnit.SECONDS)
                            + "; the file can no longer be restored.");
                }
                before.set(current);
                FileStatus back = current.previousStatus() == null ? FileStatus.PENDING : current.previousStatus();
                return new FileRepository.Update(current.withState(back, null, null, now),
                        audit(actor, "file.restored", id, Map.of("status", back.wire())));
            });
            moveOrRevert(actor, stored, before.get(), BlobPaths.DELETED_CONTAINER, stored.contentContainer());
            return view(stored);
        } finally {
            cache.invalidate(actor.scope());
        }
    }

    /**
     * Moves the blob after the row changed; when the move fails, puts the row back as it was (a new version) so
     * that row and blob agree, and rethrows (the client may retry).
     */
    private void moveOrRevert(Actor actor, FileRecord stored, FileRecord previous, String from, String to) {
        try {
            blobs.move(stored.blobName(), from, to);
        } catch (RuntimeException e) {
            try {
                repository.update(actor.scope(), stored.id(), current -> new FileRepository.Update(
                        current.withState(previous.status(), previous.previousStatus(), previous.deletedAt(), now()),
                        audit(actor, "file.change_reverted", stored.id(),
                                Map.of("reason", "blob move " + from + " -> " + to + " failed"))));
            } catch (RuntimeException revert) {
                e.addSuppressed(revert);
                log.error("file {}: the blob move {} -> {} failed and the row could not be reverted; "
                        + "reconciliation will repair it", stored.id(), from, to);
            }
            throw e;
        }
    }

    private FileRecord find(Actor actor, FileId id) {
        return repository.find(actor.scope(), id).orElseThrow(FileId::notFound);
    }

    private static void checkIfMatch(String ifMatch, FileRecord current) {
        if (ifMatch != null && !ETags.ifMatch(ifMatch, current.etag())) {
            throw new PreconditionFailedException("If-Match does not match the file's current ETag "
                    + current.etag() + "; fetch it again and retry.");
        }
    }

    private FileView view(FileRecord file) {
        return FileView.of(file, settings.restoreWindow());
    }

    private FileRecord newFile(Actor actor, FileId id, String name, String contentType, long declaredSize, Long size,
                               Map<String, String> tags, Instant now) {
        return new FileRecord(id, actor.tenantId(), actor.ownerId(), name, contentType, null, size, declaredSize, null,
                FileStatus.PENDING, null, BlobPaths.of(actor.tenantId(), actor.ownerId(), id, name), null, null, tags,
                now, now, null, null, null, 1);
    }

    private static AuditEntry audit(Actor actor, String action, FileId id, Map<String, Object> details) {
        return new AuditEntry(actor.ownerId(), action, id, actor.requestId(), details);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static void require(String field, Object value) {
        if (value == null) {
            throw new InvalidFieldException(field, "is required");
        }
    }
}
