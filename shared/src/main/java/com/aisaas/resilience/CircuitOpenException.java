package com.aisaas.resilience;

import com.aisaas.common.DependencyException;
import java.time.Duration;

/** Refused without a call: the circuit of {@code component} is open (retryable; Retry-After until the next trial). */
public final class CircuitOpenException extends DependencyException {

    public CircuitOpenException(String component, Duration retryAfter) {
        super(component, true, "circuit open: failing fast until the dependency answers a probe", null, retryAfter);
    }
}
