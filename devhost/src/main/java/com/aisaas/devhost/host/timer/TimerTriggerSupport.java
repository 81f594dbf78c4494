package com.aisaas.devhost.host.timer;

import com.aisaas.devhost.concurrent.DaemonThreads;
import com.aisaas.devhost.host.storage.StorageClients;
import com.aisaas.devhost.host.worker.BindingMetadata;
import com.aisaas.devhost.host.worker.EventBinding;
import com.aisaas.devhost.host.worker.HostJson;
import com.aisaas.devhost.host.worker.Invocations;
import com.aisaas.devhost.host.worker.LoadedFunction;
import com.aisaas.devhost.host.worker.ParameterBinder;
import com.aisaas.devhost.host.worker.TriggerSupport;
import com.azure.storage.blob.BlobServiceClient;
import com.google.gson.JsonElement;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.lang.reflect.Parameter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code timerTrigger} functions (docs/functions-host.md §4). At load, the {@code schedule} is resolved ({@code %Setting%}) and parsed
 * ({@link NcrontabSchedule}); a schedule that cannot be used puts the function in error, as in the real host. The
 * {@code useMonitor} property (default true) is turned off for schedules that fire more than once a minute, and
 * {@code runOnStartup} (default false) is read from function.json. The trigger parameter (annotated {@code @TimerTrigger}
 * or named after the binding) receives the TimerInfo JSON as text, or as a POJO through Gson ({@link EventBinding}).
 *
 * <p>{@link #start} runs each schedule in a {@link TimerListener} in the background — startup never waits for the
 * storage — with the listener lock and the status blobs in {@code AzureWebJobsStorage}. Without that setting the timers
 * run without lock and status (every instance fires, no past-due catch-up), with a warning. {@link #invokeNow} is the
 * admin API's "run it now".
 */
public final class TimerTriggerSupport implements TriggerSupport, AutoCloseable {

    public static final String TYPE = "timerTrigger";

    private static final Logger LOG = LoggerFactory.getLogger(TimerTriggerSupport.class);

    private final TimerSettings settings;
    private final Map<String, String> environment;
    private final Clock clock;
    private final Consumer<String> functionLog;
    private final Duration lockPeriod;
    private final Duration recoveryInterval;
    private final Duration drainTimeout;
    private final Map<String, TimerListener> listeners = new LinkedHashMap<>();
    private final ScheduledThreadPoolExecutor renewer;
    private final ExecutorService background;
    private volatile TimerStatusStore store;
    private volatile boolean closed;

    public TimerTriggerSupport(TimerSettings settings, Map<String, String> environment, Clock clock, Consumer<String> functionLog,
                        HostJson hostJson, Duration drainTimeout) {
        this.settings = settings;
        this.environment = environment;
        this.clock = clock;
        this.functionLog = functionLog;
        this.lockPeriod = hostJson.listenerLockPeriod();
        this.recoveryInterval = hostJson.listenerLockRecoveryPollingInterval();
        this.drainTimeout = drainTimeout;
        this.renewer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("devhost-timer-lease-"));
        this.renewer.setRemoveOnCancelPolicy(true);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, 8, 30, TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(),
                DaemonThreads.named("devhost-timer-admin-"));
        this.background = pool;
        // cron-utils takes ~0.1 s to load and initialise: do it while the app's other functions load.
        Thread warmUp = new Thread(() -> NcrontabSchedule.parse("0 */5 * * * *", settings.zone()).next(clock.instant()),
                "devhost-timer-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }


    @Override
    public String bindingType() {
        return TYPE;
    }

    @Override
    public ParameterBinder triggerParameter(Parameter parameter, BindingMetadata trigger) {
        if (!TriggerSupport.receivesTrigger(parameter, trigger, TimerTrigger.class)) {
            return null;
        }
        EventBinding binding;
        try {
            binding = EventBinding.forType(parameter.getParameterizedType());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the TimerInfo is JSON text and cannot bind to "
                    + parameter.getParameterizedType().getTypeName() + "; declare String or a POJO", e);
        }
        return (context, input) -> binding.convert(((TimerTriggerInput) input).timerInfo());
    }

    /** @throws IllegalArgumentException naming the function and what is wrong with its schedule */
    @Override
    public synchronized void attach(LoadedFunction function) {
        BindingMetadata trigger = function.trigger();
        String resolved = NcrontabSchedule.resolve(function.name(), trigger.property("schedule"), environment);
        NcrontabSchedule schedule;
        try {
            schedule = NcrontabSchedule.parse(resolved, settings.zone());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("function '" + function.name() + "': " + e.getMessage(), e);
        }
        boolean useMonitor = flag(trigger, "useMonitor", true);
        boolean monitored = useMonitor && !schedule.moreThanOncePerMinute(clock.instant());
        if (useMonitor && !monitored) {
            LOG.debug("timer '{}': useMonitor changed to false based on schedule frequency", function.name());
        }
        listeners.put(function.name().toLowerCase(Locale.ROOT), new TimerListener(function, schedule, monitored,
                flag(trigger, "runOnStartup", false), clock, functionLog, lockPeriod, recoveryInterval, renewer));
    }

    private static boolean flag(BindingMetadata trigger, String name, boolean fallback) {
        for (Map.Entry<String, JsonElement> entry : trigger.json().entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && entry.getValue().isJsonPrimitive()) {
                String value = entry.getValue().getAsString().trim();
                if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                    return Boolean.parseBoolean(value);
                }
                throw new IllegalArgumentException(name + " must be true or false, was: " + value);
            }
        }
        return fallback;
    }

    @Override
    public synchronized String describe(LoadedFunction function, String baseUrl) {
        TimerListener listener = listeners.get(function.name().toLowerCase(Locale.ROOT));
        if (listener == null) {
            return TYPE;
        }
        Instant next = listener.nextOccurrences(1).get(0);
        return "timerTrigger " + listener.schedule() + " (" + listener.schedule().zone() + ")"
                + (settings.enabled() ? ", next " + ScheduleStatus.format(next, listener.schedule().zone()) : ", not scheduled (" + TimerSettings.ENABLED_ENV + "=off)")
                + "; run now: POST " + baseUrl + "/admin/functions/" + function.name() + " (master key)";
    }

    /**
     * The state of timer function {@code name} (see {@link TimerState}), empty when there is no such timer; for the
     * host's observers (tests), which wait on it instead of on time.
     */
    public Optional<TimerState> state(String name, Duration timeout) throws InterruptedException, TimeoutException {
        TimerListener listener;
        synchronized (this) {
            listener = listeners.get(name.toLowerCase(Locale.ROOT));
        }
        return listener == null ? Optional.empty() : Optional.of(listener.state(timeout));
    }

    /** Whether {@code name} is a timer function of this app (case-insensitive, as the admin API looks it up). */
    synchronized boolean has(String name) {
        return listeners.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Starts every schedule in the background (the storage client is built there, so startup does not wait for it).
     * Does nothing when {@code DEVHOST_TIMERS=off}.
     */
    public synchronized void start(String hostId) {
        if (listeners.isEmpty()) {
            return;
        }
        if (!settings.enabled()) {
            LOG.info("{}=off: timer functions are not scheduled; POST /admin/functions/<name> still runs them", TimerSettings.ENABLED_ENV);
            return;
        }
        List<TimerListener> all = new ArrayList<>(listeners.values());
        try {
            background.execute(() -> {
                StorageClients storage = new StorageClients(environment);
                Optional<BlobServiceClient> hostStorage = storage.forConnection(StorageClients.HOST_STORAGE);
                if (hostStorage.isEmpty()) {
                    LOG.warn("timers run without their listener lock and schedule status: {} (every devhost instance fires them, "
                            + "and a missed occurrence is not caught up)", storage.describeMissing(StorageClients.HOST_STORAGE));
                } else {
                    store = new TimerStatusStore(hostStorage.get(), hostId, settings.zone());
                }
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    for (TimerListener listener : all) {
                        ListenerLock lock = hostStorage.map(client -> new ListenerLock(client, hostId, listener.name(), lockPeriod)).orElse(null);
                        listener.start(lock, listener.monitored() ? store : null);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("timers not started: {}", e.toString());
        }
    }

    /**
     * Runs a timer function once now, in the background, like the real host's {@code POST /admin/functions/{name}}: the
     * TimerInfo carries the stored status (monitored timers) and {@code IsPastDue=false}; the schedule and its status are
     * left as they are, and no lock is taken.
     *
     * @return false when no such timer function exists or the host is stopping
     */
    boolean invokeNow(String name) {
        TimerListener listener;
        synchronized (this) {
            listener = listeners.get(name.toLowerCase(Locale.ROOT));
        }
        if (listener == null || closed) {
            return false;
        }
        try {
            background.execute(() -> invokeNow(listener));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void invokeNow(TimerListener listener) {
        ScheduleStatus status = null;
        TimerStatusStore statusStore = store;
        if (listener.monitored() && statusStore != null) {
            try {
                status = statusStore.read(listener.name());
            } catch (RuntimeException e) {
                LOG.warn("timer '{}': cannot read its schedule status for the admin invocation: {}", listener.name(), e.toString());
            }
        }
        Instant now = clock.instant();
        String info = ScheduleStatus.timerInfoJson(listener.monitored() ? status : null, false, listener.schedule().zone());
        Invocations.run(listener.function(), new TimerTriggerInput(info, now, listener.schedule().zone()), functionLog, "timer, admin API");
    }

    /** Stops the schedules (running invocations finish, bounded by the drain timeout) and releases the listener locks. */
    @Override
    public void close() {
        List<TimerListener> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(listeners.values());
        }
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        for (TimerListener listener : all) {
            listener.stop();
        }
        background.shutdown();
        for (TimerListener listener : all) {
            listener.awaitAndRelease(deadline);
        }
        try {
            background.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        renewer.shutdownNow();
    }
}
