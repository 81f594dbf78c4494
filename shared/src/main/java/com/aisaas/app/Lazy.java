package com.aisaas.app;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value built on first use, once, thread-safely. A failed build is not remembered: the next call tries
 * again (a database that was down at the first request must not break the instance for good).
 */
final class Lazy<T> implements Supplier<T> {

    private final Supplier<T> factory;
    private volatile T value;

    Lazy(Supplier<T> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public T get() {
        T current = value;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (value == null) {
                value = Objects.requireNonNull(factory.get(), "factory returned null");
            }
            return value;
        }
    }

    /** The value if it has been built, else null; never builds. */
    T peek() {
        return value;
    }
}
