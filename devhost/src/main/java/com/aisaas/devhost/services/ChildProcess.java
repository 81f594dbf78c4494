package com.aisaas.devhost.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One service process (redis-server, node): output appended to a log file, never to the console; started in
 * its own session where {@code setsid} exists, so that a Ctrl-C in the terminal reaches only the launcher,
 * which then stops the host first and the services after it. A pid file (pid and a marker: program and port)
 * lets the next start on the same data directory stop a process that an earlier, killed JVM left behind.
 */
final class ChildProcess {
    private static final Optional<Path> SETSID = Executables.onPath("setsid", System.getenv());

    private final String name;
    private final Path logFile;
    private final Path pidFile;
    private Process process;
    private boolean started;

    ChildProcess(String name, Path logFile, Path pidFile) {
        this.name = name;
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    /** Starts {@code command}, after stopping a leftover process of an earlier run on the same pid file. */
    synchronized void start(List<String> command, Path workDir, Map<String, String> extraEnv, String marker) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        stopLeftover(pidFile);
        List<String> full = new ArrayList<>();
        SETSID.ifPresent(setsid -> full.add(setsid.toString()));
        full.addAll(command);
        try {
            if (!started) {
                rotate(logFile);
                started = true;
            }
            Files.writeString(logFile, "---- " + Instant.now() + " starting: " + String.join(" ", command)
                    + System.lineSeparator(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(full)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(extraEnv);
            process = builder.start();
            process.getOutputStream().close();     // no input
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, String.join(System.lineSeparator(), Long.toString(process.pid()), marker,
                    Long.toString(ProcessHandle.current().pid())) + System.lineSeparator());
        } catch (IOException e) {
            throw new LocalServiceException(name + ": cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until {@code ready} holds, failing early with the log's tail when the process exits, or after
     * {@code timeout}.
     */
    void awaitReady(BooleanSupplier ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Process current = current();
            if (ready.getAsBoolean()) {
                return;
            }
            if (current == null || !current.isAlive()) {
                throw new LocalServiceException(name + " exited during startup (exit code "
                        + (current == null ? "?" : current.exitValue()) + "); log " + logFile + ":\n" + logTail(20));
            }
            if (System.nanoTime() > deadline) {
                stop(Duration.ofSeconds(2));
                throw new LocalServiceException(name + " did not become ready within " + timeout.toSeconds()
                        + " s; log " + logFile + ":\n" + logTail(20));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(Duration.ofSeconds(2));
                throw new LocalServiceException(name + ": interrupted while starting", e);
            }
        }
    }

    synchronized Process current() {
        return process;
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, then SIGKILL after {@code grace}; waits for the exit either way. */
    synchronized void stop(Duration grace) {
        if (process == null) {
            return;
        }
        terminate(process.toHandle(), grace);
        process = null;
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file is checked against the command line before it is used
        }
    }

    /**
     * Keeps the previous run's log as {@code <name>.log.1} (it may explain how that run ended) and starts a fresh
     * one; restarts within a run append.
     */
    static void rotate(Path logFile) throws IOException {
        Files.createDirectories(logFile.getParent());
        if (Files.exists(logFile)) {
            Files.move(logFile, logFile.resolveSibling(logFile.getFileName() + ".1"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Stops the process that {@code pidFile} records if the JVM that started it is gone, the process still runs
     * and its command line still mentions the recorded marker (program and port: a recycled pid of another
     * program is left alone); then removes the file.
     */
    static void stopLeftover(Path pidFile) {
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            long pid = Long.parseLong(lines.get(0).trim());
            String marker = lines.size() > 1 ? lines.get(1).trim() : "";
            long owner = lines.size() > 2 ? Long.parseLong(lines.get(2).trim()) : -1;
            if (owner != ProcessHandle.current().pid() && ProcessHandle.of(owner).map(ChildProcess::isRunning).orElse(false)) {
                return; // a live JVM (another devhost) still owns it
            }
            if (!marker.isEmpty()) {
                ProcessHandle.of(pid)
                        .filter(ChildProcess::isRunning)
                        .filter(handle -> Executables.mentions(commandLine(handle), marker))
                        .ifPresent(handle -> terminate(handle, Duration.ofSeconds(5)));
            }
            Files.deleteIfExists(pidFile);
        } catch (IOException | RuntimeException e) {
            // unreadable pid file: nothing we can safely stop
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}; returns once the process is gone (or after 5 s more). */
    static void terminate(ProcessHandle handle, Duration grace) {
        if (!isRunning(handle)) {
            return;
        }
        handle.destroy();
        if (!awaitGone(handle, grace)) {
            handle.destroyForcibly();
            awaitGone(handle, Duration.ofSeconds(5));
        }
    }

    /**
     * Whether the process runs. A killed process that is not our child stays a zombie until init reaps it, and
     * {@link ProcessHandle#isAlive()} counts zombies as alive; on Linux {@code /proc/<pid>/stat} tells them apart.
     */
    static boolean isRunning(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return handle.isAlive();
        }
    }

    /**
     * The command line as the process shows it. {@code /proc/<pid>/cmdline} first: redis-server rewrites it to
     * name its address, and ProcessHandle.Info derives it from the executable, which on Debian is redis-check-rdb.
     */
    static String commandLine(ProcessHandle handle) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(handle.pid()), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException | RuntimeException e) {
            return handle.info().commandLine().orElse("");
        }
    }

    private static boolean awaitGone(ProcessHandle handle, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning(handle)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isRunning(handle);
            }
        }
        return true;
    }
}
