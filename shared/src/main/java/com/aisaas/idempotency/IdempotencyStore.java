package com.aisaas.idempotency;

import java.time.Instant;
import java.util.Optional;

/**
 * Remembers the responses to requests sent with an {@code Idempotency-Key}, so that a retry returns the first
 * response instead of running the request again.
 *
 * <p>{@code scope} separates callers and routes (e.g. {@code <subject>:POST /v1/files}); {@code key} is the
 * client's header value (1..255 printable characters, else {@link com.aisaas.common.ValidationException});
 * {@code fingerprint} identifies the request body (e.g. its SHA-256).
 */
public interface IdempotencyStore {

    /**
     * Empty: the caller now owns the key and runs the request (then {@link #complete} or {@link #release});
     * present: the stored response to replay.
     *
     * @throws com.aisaas.common.ConflictException      while the same key is in flight
     * @throws com.aisaas.common.UnprocessableException when the key was used with a different fingerprint
     * @throws com.aisaas.common.ValidationException    when the key is malformed
     * @throws com.aisaas.common.DependencyException    (retryable) when the store cannot be reached: the request
     *                                                  must not run unprotected
     */
    Optional<StoredResponse> begin(String scope, String key, String fingerprint, Instant now);

    /** Stores the response of the request that {@link #begin} let run. */
    void complete(String scope, String key, String fingerprint, StoredResponse response, Instant now);

    /** The request failed: drops the in-flight marker so that a retry may run it. */
    void release(String scope, String key);

    /** A store that remembers nothing: every request runs (no Redis configured). */
    static IdempotencyStore disabled() {
        return new IdempotencyStore() {
            @Override
            public Optional<StoredResponse> begin(String scope, String key, String fingerprint, Instant now) {
                return Optional.empty();
            }

            @Override
            public void complete(String scope, String key, String fingerprint, StoredResponse response,
                                 Instant now) {
            }

            @Override
            public void release(String scope, String key) {
            }
        };
    }
}
