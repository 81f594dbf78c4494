package com.aisaas.devhost.events;

/**
 * One change the watcher saw in a container, in the order it saw them.
 *
 * @param before    the state before (null for a new blob)
 * @param after     the state after (null for a deleted blob)
 * @param sequencer Azure-like: 32 hex characters, increasing, compared as strings
 */
record BlobChange(Kind kind, String container, String name, BlobState before, BlobState after, String sequencer) {

    enum Kind {
        CREATED("Microsoft.Storage.BlobCreated"),
        DELETED("Microsoft.Storage.BlobDeleted"),
        TIER_CHANGED("Microsoft.Storage.BlobTierChanged");

        final String eventType;

        Kind(String eventType) {
            this.eventType = eventType;
        }
    }

    String eventType() {
        return kind.eventType;
    }
}
