package com.aisaas.devhost.host.timer;

import com.aisaas.devhost.host.worker.Invocations;
import com.aisaas.devhost.host.worker.LoadedFunction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one timer function's schedule like the real host's TimerListener behind its singleton listener lock.
 *
 * <p>Until it holds the {@link ListenerLock} it tries to take it every recovery interval. Once it holds it: with the
 * schedule monitor on, it reads the stored {@link ScheduleStatus}, records the first or a changed schedule, and fires
 * once with {@code IsPastDue=true} when an occurrence was missed; otherwise it fires once at start when
 * {@code runOnStartup} is set; then it fires at each occurrence, one invocation at a time, and stores the status after
 * each. Before each invocation the lease is renewed, so a host that lost the lock (paused past its lease, storage gone)
 * does not fire an occurrence the new holder fires too; it goes back to waiting for the lock. A function that throws is
 * logged and the schedule goes on. All work runs on the listener's own thread; the lease is also renewed from
 * {@code renewer} while an invocation runs.
 */
final class TimerListener {

    private static final Logger LOG = LoggerFactory.getLogger(TimerListener.class);
    private static final Duration STORAGE_WARN_EVERY = Duration.ofMinutes(1);

    /** Why an invocation happens (the real host's UnscheduledInvocationReason). */
    enum Reason { SCHEDULED, PAST_DUE, RUN_ON_STARTUP }

    private final LoadedFunction function;
    private final NcrontabSchedule schedule;
    private final boolean monitored;
    private final boolean runOnStartup;
    private final Clock clock;
    private final Consumer<String> functionLog;
    private final Duration lockPeriod;
    private final Duration recoveryInterval;
    private final ScheduledExecutorService renewer;
    private final ScheduledThreadPoolExecutor thread;
    private volatile ListenerLock lock;
    private TimerStatusStore store;
    private volatile boolean closed;
    private volatile boolean started;
    private final AtomicInteger refusedLocks = new AtomicInteger();
    private volatile long lastRenewedNanos;
    private ScheduledFuture<?> pending;
    private volatile ScheduledFuture<?> renewal;
    private ScheduleStatus status;
    private boolean listening;
    private long lastStorageWarnNanos;
    private boolean storageWarned;

    TimerListener(LoadedFunction function, NcrontabSchedule schedule, boolean monitored, boolean runOnStartup, Clock clock,
                  Consumer<String> functionLog, Duration lockPeriod, Duration recoveryInterval, ScheduledExecutorService renewer) {
        this.function = function;
        this.schedule = schedule;
        this.monitored = monitored;
        this.runOnStartup = runOnStartup;
        this.clock = clock;
        this.functionLog = functionLog;
        this.lockPeriod = lockPeriod;
        this.recoveryInterval = recoveryInterval;
        this.renewer = renewer;
        this.thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "devhost-timer-" + function.name());
            t.setDaemon(true);
            return t;
        });
        this.thread.setRemoveOnCancelPolicy(true);
        this.thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    /**
     * Starts in the background.
     *
     * @param lock  the listener lock, or null to run without one (no host storage)
     * @param store the status store, or null (no host storage, or the monitor is off)
     */
    void start(ListenerLock lock, TimerStatusStore store) {
        started = true;
        thread.execute(() -> {
            this.lock = lock;
            this.store = store;
            acquire();
        });
    }

    String name() {
        return function.name();
    }

    LoadedFunction function() {
        return function;
    }

    boolean monitored() {
        return monitored;
    }

    NcrontabSchedule schedule() {
        return schedule;
    }

    private void acquire() {
        if (closed) {
            return;
        }
        if (lock != null) {
            boolean acquired;
            try {
                acquired = lock.tryAcquire();
            } catch (RuntimeException e) {
                warnStorage("cannot take its listener lock " + lock.describe() + "; retrying every " + recoveryInterval.toSeconds() + " s", e);
                later(this::acquire, recoveryInterval);
                return;
            }
            if (!acquired) {
                refusedLocks.incrementAndGet();
                LOG.debug("timer '{}': another host holds {}; waiting", name(), lock.describe());
                later(this::acquire, recoveryInterval);
                return;
            }
            lastRenewedNanos = System.nanoTime();
            long every = Math.max(1000, lockPeriod.toMillis() / 3);
            renewal = renewer.scheduleAtFixedRate(this::renewInBackground, every, every, TimeUnit.MILLISECONDS);
            LOG.info("timer '{}': this host holds the listener lock {} and runs the schedule", name(), lock.describe());
        }
        listen();
    }

    private void listen() {
        Instant now = clock.instant();
        boolean pastDue = false;
        status = null;
        if (monitored && store != null) {
            try {
                ScheduleStatus.Check check = ScheduleStatus.check(now, schedule, store.read(name()));
                if (check.changed()) {
                    store.write(name(), check.status());
                }
                status = check.status();
                pastDue = check.pastDue();
            } catch (RuntimeException e) {
                warnStorage("cannot read or write its schedule status; no past-due check this time", e);
            }
        }
        if (status == null) {
            status = new ScheduleStatus(ScheduleStatus.NEVER, schedule.next(now), ScheduleStatus.NEVER);
        }
        listening = true;
        LOG.info("timer '{}' ({}, {}{}): next {}", name(), schedule, schedule.zone(), monitored ? "" : ", no schedule monitor",
                schedule.next(now, 3).stream().map(occurrence -> ScheduleStatus.format(occurrence, schedule.zone()))
                        .collect(Collectors.joining(", ")));
        if (pastDue) {
            LOG.info("timer '{}' is past due (its occurrence at {} was missed): firing now", name(),
                    ScheduleStatus.format(status.next(), schedule.zone()));
            pending = thread.schedule(() -> fire(Reason.PAST_DUE), 0, TimeUnit.MILLISECONDS);
        } else if (runOnStartup) {
            LOG.info("timer '{}' runs on startup: firing now", name());
            pending = thread.schedule(() -> fire(Reason.RUN_ON_STARTUP), 0, TimeUnit.MILLISECONDS);
        } else {
            scheduleNext();
        }
    }

    private void scheduleNext() {
        if (closed || !listening) {
            return;
        }
        long delay = Math.max(0, Duration.between(clock.instant(), status.next()).toMillis());
        pending = thread.schedule(() -> fire(Reason.SCHEDULED), delay, TimeUnit.MILLISECONDS);
    }

    private void fire(Reason reason) {
        if (closed || !listening) {
            return;
        }
        if (reason == Reason.SCHEDULED) {
            // The executor's clock (nanoTime) and the wall clock drift apart by a few ms: never fire before the occurrence.
            long early = Duration.between(clock.instant(), status.next()).toNanos();
            if (early > 0) {
                pending = thread.schedule(() -> fire(reason), early, TimeUnit.NANOSECONDS);
                return;
            }
        }
        if (lock != null && !stillHolding()) {
            LOG.warn("timer '{}': the listener lock {} was lost; another host runs the schedule now", name(), lock.describe());
            stopListening();
            later(this::acquire, recoveryInterval);
            return;
        }
        Instant invokedAt = clock.instant();
        ScheduleStatus current = status;
        String info = ScheduleStatus.timerInfoJson(monitored ? current : null, reason == Reason.PAST_DUE, schedule.zone());
        String trigger = switch (reason) {
            case SCHEDULED -> "timer, occurrence " + ScheduleStatus.format(current.next(), schedule.zone());
            case PAST_DUE -> "timer, past due";
            case RUN_ON_STARTUP -> "timer, run on startup";
        };
        Invocations.run(function, new TimerTriggerInput(info, invokedAt, schedule.zone()), functionLog, trigger);
        status = current.afterInvocation(invokedAt, reason == Reason.SCHEDULED, schedule);
        if (monitored && store != null) {
            try {
                store.write(name(), status);
            } catch (RuntimeException e) {
                warnStorage("cannot write its schedule status", e);
            }
        }
        scheduleNext();
    }

    /** Renews before firing; when the storage cannot be reached, the lease still counts while its last renewal is recent. */
    private boolean stillHolding() {
        try {
            if (lock.renew() == ListenerLock.Renewal.RENEWED) {
                lastRenewedNanos = System.nanoTime();
                return true;
            }
            return false;
        } catch (RuntimeException e) {
            long sinceRenewal = System.nanoTime() - lastRenewedNanos;
            boolean valid = sinceRenewal < lockPeriod.minusSeconds(5).toNanos();
            warnStorage("cannot renew its listener lock (" + (valid ? "still valid, firing" : "possibly lapsed, not firing") + ")", e);
            return valid;
        }
    }

    private void renewInBackground() {
        if (closed) {
            return;
        }
        try {
            if (lock.renew() == ListenerLock.Renewal.RENEWED) {
                lastRenewedNanos = System.nanoTime();
            } else {
                thread.execute(() -> {
                    if (listening) {
                        LOG.warn("timer '{}': the listener lock {} was lost; waiting to take it again", name(), lock.describe());
                        stopListening();
                        later(this::acquire, recoveryInterval);
                    }
                });
            }
        } catch (RuntimeException e) {
            warnStorage("cannot renew its listener lock", e);
        }
    }

    private void stopListening() {
        listening = false;
        if (pending != null) {
            pending.cancel(false);
        }
        if (renewal != null) {
            renewal.cancel(false);
        }
    }

    private void later(Runnable task, Duration delay) {
        if (!closed) {
            try {
                pending = thread.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing
            }
        }
    }

    private void warnStorage(String what, RuntimeException e) {
        long now = System.nanoTime();
        if (!storageWarned || now - lastStorageWarnNanos > STORAGE_WARN_EVERY.toNanos()) {
            storageWarned = true;
            lastStorageWarnNanos = now;
            LOG.warn("timer '{}' {}: {}", name(), what, e.toString());
        }
    }

    /** Stops firing: no new invocation starts; one that runs goes on (see {@link #awaitAndRelease}). */
    void stop() {
        closed = true;
        thread.shutdown();
    }

    /**
     * Lets a running invocation finish (until {@code deadlineNanos}, a {@link System#nanoTime()} value), then releases the
     * lock so another host can take over at once.
     */
    void awaitAndRelease(long deadlineNanos) {
        stop();
        try {
            if (!thread.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                LOG.warn("timer '{}': its invocation did not finish in time", name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ScheduledFuture<?> renewing = renewal;
        if (renewing != null) {
            renewing.cancel(false);
        }
        ListenerLock held = lock;
        if (held != null) {
            held.release();
        }
    }

    /**
     * The listener's state, read on its thread after the work already due there (see {@link TimerState}); a listener
     * that is stopping reports that it is not listening.
     */
    TimerState state(Duration timeout) throws InterruptedException, TimeoutException {
        if (!started) {
            return new TimerState(false, false, refusedLocks.get(), null);
        }
        Future<TimerState> read;
        try {
            read = thread.submit(() -> new TimerState(true, listening && !closed, refusedLocks.get(),
                    listening && !closed ? status.next() : null));
        } catch (RejectedExecutionException e) {
            return new TimerState(true, false, refusedLocks.get(), null);
        }
        try {
            return read.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** For the startup listing. */
    List<Instant> nextOccurrences(int count) {
        return schedule.next(clock.instant(), count);
    }
}
