package com.aisaas.devhost.events;

import com.aisaas.devhost.concurrent.DaemonThreads;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stand-in for an Event Grid system topic on a storage account (DESIGN "Why a devhost"): it lists the
 * containers its subscriptions cover every {@link EventSourceSettings#pollInterval()} (with metadata), turns the
 * differences into {@code Microsoft.Storage.BlobCreated} / {@code BlobDeleted} / {@code BlobTierChanged} events
 * ({@link StorageEvents}) and pushes each to every subscription that takes it ({@link EventDelivery}: Event Grid's retry
 * schedule, scaled, and the {@code eventgrid-deadletter} container).
 *
 * <p>Restarts: the state whose events were all delivered is saved in the account ({@link SnapshotStore}), at most every
 * 2 s and when closing; at start each container's first listing is compared with it, so what changed while the host was
 * down (or was still being delivered) is emitted then, and nothing is replayed as new. Without a saved state (first run)
 * the first listing is only the baseline, as a new Event Grid subscription sees only later changes.
 *
 * <p>Load on Azurite: a listing costs Azurite time in proportion to the container's size (about 70 µs per blob on a
 * small machine: 0.2 s for 3,000 blobs, 0.7 s for 10,000) and so does saving the state. So the next round of
 * listings waits at least {@value #IDLE_MICROS_PER_BLOB} µs per blob it listed (never less than the poll interval),
 * and the state is saved at most every {@value #SAVE_FACTOR} times its last save's duration (never more often than
 * every 2 s): the watcher keeps Azurite busy about a quarter of the time at most however large the containers grow,
 * and events then come later in proportion instead of slowing every upload and download. The wait follows the
 * number of blobs, not the round's elapsed time, which under load is mostly queueing behind other requests: backing
 * off then would only batch more events into each round.
 */
public final class StorageEventSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StorageEventSource.class);
    private static final Duration SAVE_EVERY = Duration.ofSeconds(2);
    static final int IDLE_MICROS_PER_BLOB = 250;
    static final int SAVE_FACTOR = 10;
    private static final Duration ERROR_LOG_EVERY = Duration.ofSeconds(30);
    /** How long closing waits for answers to deliveries already sent. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final EventSourceSettings settings;
    private final BlobServiceClient account;
    private final List<EventSubscription> subscriptions;
    private final Map<String, ContainerWatch> watches = new LinkedHashMap<>();
    private final Map<String, Instant> lastErrorLog = new ConcurrentHashMap<>();
    private final Sequencer sequencer = new Sequencer();
    private final StorageEvents events;
    private final SnapshotStore snapshots;
    private final EventDelivery delivery;
    private final ScheduledThreadPoolExecutor timer;
    private final ScheduledThreadPoolExecutor retries;
    private final ExecutorService workers;
    /** Guards the round counters and {@link #outstanding}; notified when they change. */
    private final Object progress = new Object();
    private long roundsStarted;
    private long roundsFinished;
    /** Changes handed to delivery and not yet delivered or dead-lettered to every subscription. */
    private int outstanding;
    private Instant lastSave = Instant.EPOCH;
    private Duration lastSaveTook = Duration.ZERO;
    private volatile boolean closed;

    private StorageEventSource(EventSourceSettings settings, BlobServiceClient account, List<EventSubscription> subscriptions,
                               String hostId) {
        this.settings = settings;
        this.account = account;
        this.subscriptions = List.copyOf(subscriptions);
        ObjectMapper json = new ObjectMapper();
        this.events = new StorageEvents(json, account);
        this.snapshots = new SnapshotStore(account, hostId, json);
        this.timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("devhost-events-poll-"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.retries = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("devhost-events-retry-"));
        this.retries.setRemoveOnCancelPolicy(true);
        this.workers = new ThreadPoolExecutor(8, 8, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), DaemonThreads.named("devhost-events-"));
        ((ThreadPoolExecutor) workers).allowCoreThreadTimeOut(true);
        this.delivery = new EventDelivery(settings, new DeadLetters(account, json), json, retries, workers);
    }

    /**
     * Takes each container's baseline (its saved state, or a first listing) and starts polling.
     *
     * @param account       the watched storage account (also holds the saved state and the dead letters)
     * @param subscriptions where events go; their containers are the ones watched
     * @param hostId        names the saved state ({@code devhost-eventsource/<hostId>/...})
     */
    public static StorageEventSource start(EventSourceSettings settings, BlobServiceClient account, List<EventSubscription> subscriptions,
                                           String hostId) {
        StorageEventSource source = new StorageEventSource(settings, account, subscriptions, hostId);
        source.begin();
        return source;
    }

    private void begin() {
        Set<String> containers = new LinkedHashSet<>();
        subscriptions.forEach(subscription -> containers.addAll(subscription.containers()));
        for (String container : containers) {
            Map<String, BlobState> saved = null;
            try {
                saved = snapshots.load(container);
            } catch (RuntimeException e) {
                LOG.warn("watcher state of container '{}' not read ({}): starting from the current listing", container, e.getMessage());
            }
            ContainerWatch watch = new ContainerWatch(container, saved);
            watches.put(container, watch);
            if (saved == null) {
                poll(watch);   // the baseline, before start() returns: later changes are events
            }
        }
        timer.schedule(this::pollRound, 0, TimeUnit.MILLISECONDS);
        LOG.info("storage events: watching {} in account {} every {} ms for {} (retry scale {}, max {} attempts)",
                containers, account.getAccountName(), settings.pollInterval().toMillis(),
                subscriptions.stream().map(EventSubscription::name).toList(), settings.retryScale(), settings.maxAttempts());
    }

    /** How long after a round that listed {@code listed} blobs the next one starts. */
    static Duration nextRoundIn(Duration pollInterval, long listed) {
        Duration proportional = Duration.ofNanos(listed * IDLE_MICROS_PER_BLOB * 1_000L);
        return proportional.compareTo(pollInterval) > 0 ? proportional : pollInterval;
    }

    /** The containers watched. */
    public Set<String> containers() {
        return new LinkedHashSet<>(watches.keySet());
    }

    /**
     * Waits until a round of listings that started after this call has finished and every change found so far has
     * been delivered or dead-lettered. Then an event for any change made before the call has been answered by its
     * webhook, and a change that makes no event has been seen and passed over: what observers wait for instead of
     * waiting for time to pass.
     *
     * @return false when {@code timeout} passed first or the source is closed
     */
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            long target = roundsStarted + 1;
            while (roundsFinished < target || outstanding > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    private void progressed(Runnable change) {
        synchronized (progress) {
            change.run();
            progress.notifyAll();
        }
    }

    /** One round of listings (and a save when due), then the next round after the poll interval or longer. */
    private void pollRound() {
        if (closed) {
            return;
        }
        progressed(() -> roundsStarted++);
        long listed = 0;
        try {
            for (ContainerWatch watch : watches.values()) {
                poll(watch);
                listed += watch.size();
            }
        } catch (RuntimeException e) {
            LOG.warn("storage events: poll failed: {}", e.toString());
        }
        Instant now = Instant.now();
        Duration saveEvery = lastSaveTook.multipliedBy(SAVE_FACTOR);
        if (Duration.between(lastSave, now).compareTo(saveEvery.compareTo(SAVE_EVERY) > 0 ? saveEvery : SAVE_EVERY) >= 0) {
            long saveStarted = System.nanoTime();
            saveAll();
            lastSaveTook = Duration.ofNanos(System.nanoTime() - saveStarted);
            lastSave = Instant.now();
        }
        progressed(() -> roundsFinished++);
        if (closed) {
            return;
        }
        try {
            timer.schedule(this::pollRound, nextRoundIn(settings.pollInterval(), listed).toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("storage events: not polling again: stopping");
        }
    }

    private void poll(ContainerWatch watch) {
        Map<String, BlobState> listing;
        try {
            listing = list(watch.container());
        } catch (RuntimeException e) {
            Instant last = lastErrorLog.get(watch.container());
            if (last == null || Duration.between(last, Instant.now()).compareTo(ERROR_LOG_EVERY) > 0) {
                lastErrorLog.put(watch.container(), Instant.now());
                LOG.warn("storage events: cannot list container '{}': {}", watch.container(), e.toString());
            }
            return;
        }
        lastErrorLog.remove(watch.container());
        for (BlobChange change : watch.diff(listing, sequencer)) {
            dispatch(watch, change);
        }
    }

    private Map<String, BlobState> list(String container) {
        Map<String, BlobState> listing = new LinkedHashMap<>();
        try {
            ListBlobsOptions options = new ListBlobsOptions().setDetails(new BlobListDetails().setRetrieveMetadata(true)).setMaxResultsPerPage(5000);
            for (BlobItem item : account.getBlobContainerClient(container).listBlobs(options, Duration.ofSeconds(60))) {
                if (item.isPrefix() == null || !item.isPrefix()) {
                    listing.put(item.getName(), BlobState.of(item));
                }
            }
        } catch (BlobStorageException e) {
            if (e.getStatusCode() != 404) {
                throw e;
            }
            listing.clear();   // no container (yet): nothing in it
        }
        return listing;
    }

    private void dispatch(ContainerWatch watch, BlobChange change) {
        List<EventSubscription> targets = new ArrayList<>();
        for (EventSubscription subscription : subscriptions) {
            if (subscription.accepts(change.container(), change.eventType())) {
                targets.add(subscription);
            }
        }
        if (targets.isEmpty()) {
            watch.acknowledge(change);
            return;
        }
        Instant seen = Instant.now();
        progressed(() -> outstanding++);
        try {
            workers.execute(() -> {
                if (closed) {
                    return;
                }
                ObjectNode event = events.event(change, events.api(change), seen);
                LOG.debug("{} {}/{} (eTag {}, sequencer {})", change.eventType(), change.container(), change.name(),
                        change.after() == null ? "-" : change.after().eTag(), change.sequencer());
                AtomicInteger remaining = new AtomicInteger(targets.size());
                for (EventSubscription target : targets) {
                    delivery.deliver(event, target, () -> {
                        if (remaining.decrementAndGet() == 0) {
                            watch.acknowledge(change);
                            progressed(() -> outstanding--);
                        }
                    });
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("{} for {}/{} not sent: stopping", change.eventType(), change.container(), change.name());
        }
    }

    private void saveAll() {
        for (ContainerWatch watch : watches.values()) {
            Map<String, BlobState> state = watch.takeIfDirty();
            if (state == null) {
                continue;
            }
            try {
                snapshots.save(watch.container(), state);
            } catch (RuntimeException e) {
                watch.markDirty();
                LOG.debug("watcher state of '{}' not saved: {}", watch.container(), e.toString());
            }
        }
    }

    /** Stops polling and delivering (pending retries are abandoned, to be emitted again at the next start) and saves the state. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        delivery.close();
        timer.shutdownNow();
        retries.shutdownNow();
        delivery.awaitInFlight(CLOSE_WAIT);
        workers.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        saveAll();
    }

}
