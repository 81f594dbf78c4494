package com.aisaas.devhost.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the local services have in common: start and stop on a fixed port, and a guard for the shared stack. */
public abstract sealed class LocalService implements AutoCloseable permits LocalPostgres, LocalRedis, LocalAzurite {
    private final String name;
    private volatile boolean sharedStack;

    LocalService(String name) {
        this.name = name;
    }

    /** Starts the service on its port and waits until it answers; does nothing if it runs already. */
    public final synchronized void start() {
        guard("start");
        ensureStarted();
    }

    /** Starts the service unless it runs (no shared-stack guard: the stack itself uses it). */
    final synchronized void ensureStarted() {
        if (!isRunning()) {
            doStart();
        }
    }

    /** Stops the service, keeping its data and its port for a later {@link #start()}. */
    public final synchronized void stop() {
        guard("stop");
        doStop();
    }

    /** Stops the service (also on the shared stack: used when the stack closes). */
    @Override
    public final synchronized void close() {
        doStop();
    }

    public abstract boolean isRunning();

    public final String name() {
        return name;
    }

    abstract void doStart();

    abstract void doStop();

    void markShared() {
        sharedStack = true;
    }

    private void guard(String action) {
        if (sharedStack) {
            throw new IllegalStateException("cannot " + action + " " + name + " of LocalServices.shared(): other "
                    + "tests use it; start your own with LocalServices.start(Options) for fault tests");
        }
    }

    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
