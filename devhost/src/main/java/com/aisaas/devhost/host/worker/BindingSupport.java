package com.aisaas.devhost.host.worker;

import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.time.Instant;

/**
 * One kind of input or output binding (not a trigger), keyed by the function.json binding type, e.g. {@code blob}
 * (docs/functions-host.md §8). The loader asks it once per parameter at startup; what it returns runs per invocation.
 */
public interface BindingSupport {

    /** The function.json binding type, compared case-insensitively. */
    String bindingType();

    /**
     * The binder for an input parameter bound to {@code binding} (direction {@code in}).
     *
     * @throws IllegalArgumentException if the parameter's type cannot receive this binding (the function is in error)
     */
    ParameterBinder input(Parameter parameter, BindingMetadata binding);

    /**
     * The writer for values of type {@code valueType} set on an {@code OutputBinding<T>} parameter, or returned for a
     * {@code $return} binding (direction {@code out}).
     *
     * @throws IllegalArgumentException if such values cannot be written by this binding (the function is in error)
     */
    OutputWriter output(BindingMetadata binding, Type valueType);

    /** Writes one output value after the function returned; a failure fails the invocation. */
    @FunctionalInterface
    interface OutputWriter {
        /** @param now the invocation's start, for {@code {DateTime}} in binding expressions */
        void write(Object value, TriggerInput input, Instant now);
    }
}
