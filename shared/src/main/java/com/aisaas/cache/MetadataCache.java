package com.aisaas.cache;

import com.aisaas.common.Scope;
import java.util.Optional;

/**
 * A short-lived cache of file metadata and first list pages, per owner. Invalidation is per owner and must
 * happen after every write to that owner's files, so that the author's next read never sees the old value.
 * Never throws for a backend failure: a failed read is a miss, a failed write does nothing.
 *
 * <p>Usage: {@code get}; on a miss load from the database and {@code put} on the same thread (the put is
 * dropped when the owner was invalidated in between). Writers call {@code invalidateOwner} after commit.
 */
public interface MetadataCache extends AutoCloseable {

    <T> Optional<T> get(Scope scope, String key, Class<T> type);

    void put(Scope scope, String key, Object value);

    /** Drops every cached item and page of {@code scope} (after any write to that owner's files). */
    void invalidate(Scope scope);

    /** Stops what the cache runs in the background (nothing by default). */
    @Override
    default void close() {
    }

    /** A cache that stores nothing (CACHE_TTL_SECONDS=0, or no Redis configured). */
    static MetadataCache disabled() {
        return new MetadataCache() {
            @Override
            public <T> Optional<T> get(Scope scope, String key, Class<T> type) {
                return Optional.empty();
            }

            @Override
            public void put(Scope scope, String key, Object value) {
            }

            @Override
            public void invalidate(Scope scope) {
            }
        };
    }
}
