package com.aisaas.files;

import com.aisaas.common.Scope;
import com.aisaas.cache.MetadataCache;
import com.aisaas.common.ConflictException;
import com.aisaas.common.DependencyException;
import com.aisaas.common.Json;
import com.aisaas.common.NotFoundException;
import com.aisaas.storage.BlobStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** In-memory doubles of the files API's ports, for unit tests of {@link FileService}. */
final class Fakes {

    private Fakes() {
    }

    static final class Repository implements FileRepository {
        final Map<FileId, FileRecord> rows = new LinkedHashMap<>();
        final List<AuditEntry> audits = new ArrayList<>();

        @Override
        public synchronized FileRecord create(FileRecord file, AuditEntry audit) {
            rows.put(file.id(), file);
            audits.add(audit);
            return file;
        }

        @Override
        public synchronized Optional<FileRecord> find(Scope scope, FileId id) {
            return Optional.ofNullable(rows.get(id)).filter(f -> f.scope().equals(scope));
        }

        @Override
        public synchronized List<FileRecord> list(Scope scope, ListQuery query, Optional<Cursor> after, int fetch) {
            Comparator<FileRecord> order = Comparator.comparing(FileRecord::createdAt)
                    .thenComparing(f -> f.id().toString()).reversed();
            return rows.values().stream()
                    .filter(f -> f.scope().equals(scope))
                    .filter(f -> query.status().map(s -> f.status() == s).orElse(f.status() != FileStatus.DELETED))
                    .filter(f -> after.map(c -> f.createdAt().isBefore(c.createdAt())
                            || (f.createdAt().equals(c.createdAt()) && f.id().toString().compareTo(c.id().toString()) < 0))
                            .orElse(true))
                    .sorted(order).limit(fetch).toList();
        }

        @Override
        public synchronized FileRecord update(Scope scope, FileId id, Function<FileRecord, Update> change) {
            FileRecord current = find(scope, id).orElseThrow(FileId::notFound);
            Update update = change.apply(current);
            if (update == null) {
                return current;
            }
            FileRecord n = update.next();
            FileRecord stored = new FileRecord(n.id(), n.tenantId(), n.ownerId(), n.name(), n.declaredContentType(),
                    n.detectedContentType(), n.sizeBytes(), n.declaredSizeBytes(), n.sha256(), n.status(),
                    n.rejectionReason(), n.blobPath(), n.blobEtag(), n.accessTier(), n.tags(), n.createdAt(),
                    n.updatedAt(), n.processedAt(), n.deletedAt(), n.previousStatus(), current.version() + 1,
                    n.metadata(), n.contentContainer());
            rows.put(id, stored);
            audits.add(update.audit());
            return stored;
        }

        @Override
        public synchronized void remove(Scope scope, FileId id, AuditEntry audit) {
            rows.remove(id);
            audits.add(audit);
        }

        /** Puts a row in a state the API does not produce itself (processing made it ready, ...). */
        synchronized FileRecord force(FileId id, FileStatus status, Long size) {
            return force(id, status, size, rows.get(id).contentContainer());
        }

        /** The same, with the file's blob in {@code container} (processing moved a ready file's blob to files). */
        synchronized FileRecord force(FileId id, FileStatus status, Long size, String container) {
            FileRecord f = rows.get(id);
            FileRecord changed = new FileRecord(f.id(), f.tenantId(), f.ownerId(), f.name(), f.declaredContentType(),
                    f.detectedContentType(), size, f.declaredSizeBytes(), f.sha256(), status, f.rejectionReason(),
                    f.blobPath(), f.blobEtag(), f.accessTier(), f.tags(), f.createdAt(), f.updatedAt(),
                    f.processedAt(), f.deletedAt(), f.previousStatus(), f.version() + 1, f.metadata(), container);
            rows.put(id, changed);
            return changed;
        }
    }

    static final class Blobs implements BlobStore {
        final Map<String, byte[]> blobs = new HashMap<>();
        final List<String> calls = new ArrayList<>();
        RuntimeException failMove;
        RuntimeException failCreate;

        @Override
        public SignedUrl writeUrl(BlobRef blob, Duration ttl) {
            calls.add("writeUrl " + blob.container() + "/" + blob.name() + " " + ttl);
            return new SignedUrl(URI.create("https://acct.blob.core.windows.net/" + blob.container() + "/" + blob.name()
                    + "?sp=cw&sig=x"), Instant.parse("2030-01-01T00:15:00Z"));
        }

        @Override
        public SignedUrl readUrl(BlobRef blob, Duration ttl, String downloadName, String contentType) {
            calls.add("readUrl " + blob.container() + "/" + blob.name() + " " + ttl + " " + downloadName);
            return new SignedUrl(URI.create("https://acct.blob.core.windows.net/" + blob.container() + "/" + blob.name()
                    + "?sp=r&sig=y"), Instant.parse("2030-01-01T00:05:00Z"));
        }

        @Override
        public void create(BlobRef blob, byte[] content, String contentType) {
            calls.add("create " + blob.container() + "/" + blob.name());
            if (failCreate != null) {
                throw failCreate;
            }
            if (blobs.putIfAbsent(blob.container() + "/" + blob.name(), content) != null) {
                throw new ConflictException("exists");
            }
        }

        @Override
        public byte[] read(BlobRef blob, long offset, long count) {
            byte[] all = blobs.get(blob.container() + "/" + blob.name());
            if (all == null) {
                throw new NotFoundException("no blob");
            }
            int end = (int) Math.min(all.length, offset + count);
            return Arrays.copyOfRange(all, (int) offset, end);
        }

        @Override
        public long size(BlobRef blob) {
            return read(blob, 0, Integer.MAX_VALUE).length;
        }

        @Override
        public boolean move(String name, String from, String to) {
            calls.add("move " + name + " " + from + " -> " + to);
            if (failMove != null) {
                throw failMove;
            }
            byte[] content = blobs.remove(from + "/" + name);
            if (content != null) {
                blobs.put(to + "/" + name, content);
            }
            return blobs.containsKey(to + "/" + name);
        }

        @Override
        public String copy(String name, String from, String to, String sourceEtag) {
            calls.add("copy " + name + " " + from + " -> " + to);
            byte[] content = blobs.get(from + "/" + name);
            if (content == null) {
                throw new NotFoundException("no blob");
            }
            blobs.put(to + "/" + name, content);
            return "copy-of-" + sourceEtag;
        }

        @Override
        public com.aisaas.storage.BlobContent content(BlobRef blob) {
            throw new UnsupportedOperationException("processing is tested against Azurite");
        }

        @Override
        public boolean delete(BlobRef blob) {
            calls.add("delete " + blob.container() + "/" + blob.name());
            return blobs.remove(blob.container() + "/" + blob.name()) != null;
        }

        static DependencyException down() {
            return new DependencyException("blob", true, "down");
        }
    }

    /** Stores JSON like the Redis cache does, so that cached values go through (de)serialisation. */
    static final class Cache implements MetadataCache {
        final Map<Scope, Map<String, String>> entries = new HashMap<>();
        final AtomicInteger invalidations = new AtomicInteger();

        @Override
        public synchronized <T> Optional<T> get(Scope scope, String key, Class<T> type) {
            String json = entries.getOrDefault(scope, Map.of()).get(key);
            if (json == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(Json.mapper().readValue(json, type));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public synchronized void put(Scope scope, String key, Object value) {
            entries.computeIfAbsent(scope, o -> new HashMap<>()).put(key, Json.write(value));
        }

        @Override
        public synchronized void invalidate(Scope scope) {
            invalidations.incrementAndGet();
            entries.remove(scope);
        }
    }
}
