package com.aisaas.lifecycle;

import com.aisaas.common.Scope;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The rows {@link LifecycleHandler} reads and changes for storage events: {@code processed_events} (one row per event
 * id: attempts, outcome, the blob's sequencer), {@code files}, {@code audit_log}, {@code lifecycle_runs} and
 * {@code dead_letters}.
 */
interface LifecycleRepository {

    /**
     * Runs {@code work} in one transaction under the scope of the file the event is about (found by its blob path:
     * {@code subjectPath}, which the caller gives only for blobs of {@code uploaded-files}), or under the platform
     * scope when it is about no file, where a dead letter of no tenant can be written but no file is seen. A
     * transient failure runs it again, so {@code work} must have no other effects.
     */
    <T> T inEventTransaction(StorageEvent event, Optional<String> subjectPath, Function<EventRows, T> work);

    /** Counts a failed attempt of {@code event}, with its error, in a transaction of its own. */
    void recordFailedAttempt(StorageEvent event, String error);

    /**
     * Marks {@code event} failed for good and dead-letters it (under the scope of {@code subjectPath}'s file, when
     * there is one), so that no redelivery works on it again.
     */
    void giveUp(StorageEvent event, Optional<String> subjectPath, String reason);

    /** Dead-letters a delivery body that is not a storage event (no tenant's). */
    void deadLetterUnreadable(String body, String reason);

    /** The rows of one event's transaction. */
    interface EventRows {

        /** The tenant and owner of the file the event is about; empty when it is about none. */
        Optional<Scope> scope();

        /**
         * Inserts the event's {@code processed_events} row (or counts another attempt after failed ones) and returns
         * the attempt number; empty when the event is already completed or failed. Blocks while another transaction
         * holds the same event id.
         */
        Optional<Integer> claim();

        /** Whether an event with a later sequencer has already been applied to the same blob. */
        boolean appliedLater();

        /** The file of {@code blobPath} whose blob is in {@code container}, unless already deleted or rejected or changed after the deletion, becomes deleted. */
        List<UUID> markDeletedInStorage(String blobPath, String container);

        /** The access tier of the file of {@code blobPath} (not deleted), when it differs. */
        List<UUID> changeTier(String blobPath, String container, String tier);

        /** The file of {@code from} (its blob in {@code container}) now lives at {@code to}. */
        List<UUID> rename(String from, String to, String container);

        /** Notes an asynchronous Storage operation (rehydration, copy) in the metadata of the file of {@code blobPath}. */
        List<UUID> noteStorageOperation(String blobPath, String container, String api);

        /** Records what the event changed in a file, in the event's scope. */
        void audit(String action, UUID fileId, Map<String, Object> details);

        /** Records a lifecycle management run (once per event). */
        void recordLifecycleRun();

        /** Stores the event's end: {@code completed} or {@code failed}, with its outcome. */
        void complete(String status, LifecycleHandler.Outcome outcome);

        /** Dead-letters the event (once per event id), in the event's scope. */
        void deadLetter(String reason, int attempts);
    }
}
