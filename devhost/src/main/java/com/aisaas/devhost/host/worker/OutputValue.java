package com.aisaas.devhost.host.worker;

import com.microsoft.azure.functions.OutputBinding;

/** The {@code OutputBinding<T>} the worker hands to a function: a holder whose value is written after the call succeeds. */
final class OutputValue<T> implements OutputBinding<T> {

    private T value;

    @Override
    public T getValue() {
        return value;
    }

    @Override
    public void setValue(T value) {
        this.value = value;
    }
}
