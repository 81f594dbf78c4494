package com.aisaas.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The blob trigger's poison queue: where the Functions host puts the message of a blob whose function failed every
 * try ({@value #NAME}, in the storage account of the trigger's connection, docs/reliability.md §4). The upload sweeper
 * reads it so that each poisoned blob becomes a dead letter. Failures leave as
 * {@link com.aisaas.common.DependencyException} ("queue").
 */
public interface PoisonQueue {

    String NAME = "webjobs-blobtrigger-poison";
    String COMPONENT = "queue";

    /**
     * Up to {@code max} messages, each hidden from other readers for {@code visibility} (it comes back if it is not
     * deleted in time). A queue that does not exist holds nothing.
     */
    List<Message> receive(int max, Duration visibility);

    /** Deletes a received message; one already deleted (or whose receipt expired) is not an error. */
    void delete(Message message);

    /** A received message: its text is the host's JSON (decoded from the queue's Base64). */
    record Message(String id, String popReceipt, String text, long dequeueCount, Instant insertedOn) {
        public Message {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(text, "text");
        }
    }

    /** No poison queue (not configured): nothing to read. */
    static PoisonQueue none() {
        return new PoisonQueue() {
            @Override
            public List<Message> receive(int max, Duration visibility) {
                return List.of();
            }

            @Override
            public void delete(Message message) {
            }

            @Override
            public String toString() {
                return "no poison queue";
            }
        };
    }
}
