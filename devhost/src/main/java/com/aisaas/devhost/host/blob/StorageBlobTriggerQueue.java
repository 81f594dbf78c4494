package com.aisaas.devhost.host.blob;

import com.aisaas.devhost.concurrent.DaemonThreads;
import com.azure.core.util.Context;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.models.QueueMessageItem;
import com.azure.storage.queue.models.QueueStorageException;
import com.azure.storage.queue.models.UpdateMessageResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's blob-trigger queue as the host keeps it (docs/functions-host.md §3.3): the storage queue
 * {@code azure-webjobs-blobtrigger-<host id>} in the host storage, so that work the webhook acknowledged survives a
 * crash or restart of the host process.
 *
 * <ul>
 *   <li>{@link #enqueue} sends the message (Base64 JSON, {@link BlobTriggerMessage#toJson()}) before the webhook answers.</li>
 *   <li>One receiver thread takes messages in batches of up to the free slots ({@link #CONCURRENCY} in all), each
 *       invisible for the visibility timeout, renewed at half of it while the invocation runs.</li>
 *   <li>Success deletes the message. A failure makes it visible again at once (the host's default visibility after a
 *       failure is zero); the try that reaches {@code maxDequeueCount} goes to the poison sink and is deleted. A message
 *       received more often than that (its host died during the last try) is poisoned without another try.</li>
 *   <li>A message whose host dies while running it comes back when its visibility timeout lapses, with its dequeue
 *       count raised: the crash counts as a try, as on Azure.</li>
 * </ul>
 * The queue is polled from 100 ms up to 1 s apart while it is empty; a local enqueue or release wakes the receiver at once.
 */
final class StorageBlobTriggerQueue implements BlobTriggerQueue {

    static final String QUEUE_PREFIX = "azure-webjobs-blobtrigger-";
    private static final long MIN_POLL_MILLIS = 100;
    private static final long MAX_POLL_MILLIS = 1_000;
    private static final long MAX_ERROR_BACKOFF_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(StorageBlobTriggerQueue.class);

    private final QueueClient queue;
    private final Processor processor;
    private final PoisonSink poison;
    private final int maxDequeueCount;
    private final Duration visibility;
    private final Duration busyDelay;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor timer;
    private final Semaphore slots = new Semaphore(CONCURRENCY);
    private final Object signal = new Object();
    private final Thread receiver;
    private boolean signalled;
    private volatile boolean queueReady;
    private volatile boolean closed;

    /** The host's queue name for a host id ({@code HostQueueNames.GetHostBlobTriggerQueueName}). */
    static String queueName(String hostId) {
        return QUEUE_PREFIX + hostId;
    }

    /**
     * @param visibility how long a received message stays invisible (renewed at half of it while it runs); also how long a
     *                   message whose host died stays away
     * @param busyDelay  how long a message waits when another host holds its blob's receipt
     */
    StorageBlobTriggerQueue(QueueClient queue, Processor processor, PoisonSink poison, int maxDequeueCount, Duration visibility,
                            Duration busyDelay) {
        if (visibility.toSeconds() < 1) {
            throw new IllegalArgumentException("the visibility timeout must be at least one second");
        }
        this.queue = queue;
        this.processor = processor;
        this.poison = poison;
        this.maxDequeueCount = maxDequeueCount;
        this.visibility = visibility;
        this.busyDelay = busyDelay;
        this.workers = new ThreadPoolExecutor(CONCURRENCY, CONCURRENCY, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                DaemonThreads.named("devhost-blobtrigger-"));
        this.workers.allowCoreThreadTimeOut(true);
        this.timer = new ScheduledThreadPoolExecutor(2, DaemonThreads.named("devhost-blobtrigger-timer-"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.receiver = DaemonThreads.named("devhost-blobtrigger-receiver-").newThread(this::receive);
    }

    /** Starts receiving: messages left by an earlier run of the host run now. */
    @Override
    public void start() {
        receiver.start();
    }

    /**
     * The queue's approximate message count (Storage counts the messages of the queue, visible or not; never fewer than
     * there are) plus the messages running here, so a running message is never missed whichever way an emulator counts.
     */
    @Override
    public int pending() {
        return queue.getProperties().getApproximateMessagesCount() + (CONCURRENCY - slots.availablePermits());
    }

    String name() {
        return queue.getQueueName();
    }

    @Override
    public int maxDequeueCount() {
        return maxDequeueCount;
    }

    @Override
    public ScheduledExecutorService timer() {
        return timer;
    }

    @Override
    public boolean enqueue(BlobTriggerMessage message) {
        if (closed) {
            return false;
        }
        String body = message.toJson();
        ensureQueue();
        try {
            queue.sendMessage(body);
        } catch (QueueStorageException e) {
            if (e.getStatusCode() != 404) {
                throw e;
            }
            queueReady = false;     // deleted meanwhile
            ensureQueue();
            queue.sendMessage(body);
        }
        wake();
        return true;
    }

    private void ensureQueue() {
        if (!queueReady) {
            queue.createIfNotExists();
            queueReady = true;
        }
    }

    private void receive() {
        long idle = MIN_POLL_MILLIS;
        int failures = 0;
        while (!closed) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                break;
            }
            int permits = 1 + slots.drainPermits();
            int used = 0;
            long wait = 0;
            try {
                ensureQueue();
                List<QueueMessageItem> batch = new ArrayList<>(permits);
                for (QueueMessageItem item : queue.receiveMessages(permits, visibility, null, Context.NONE)) {
                    batch.add(item);
                }
                for (QueueMessageItem item : batch) {
                    if (dispatch(item)) {
                        used++;
                    }
                }
                if (failures > 0) {
                    LOG.info("blob trigger queue '{}' is readable again", name());
                    failures = 0;
                }
                idle = batch.isEmpty() ? Math.min(idle * 2, MAX_POLL_MILLIS) : MIN_POLL_MILLIS;
                wait = batch.isEmpty() ? idle : 0;
            } catch (RuntimeException e) {
                if (closed) {
                    break;
                }
                queueReady = false;
                if (failures++ == 0) {
                    LOG.warn("blob trigger queue '{}' cannot be read, retrying: {}", name(), e.toString());
                }
                wait = Math.min(MIN_POLL_MILLIS << Math.min(failures, 6), MAX_ERROR_BACKOFF_MILLIS);
            } finally {
                slots.release(permits - used);
            }
            if (wait > 0 && !awaitWake(wait)) {
                break;
            }
        }
    }

    /** Runs a received message on a worker; a message received while the host stops goes back to the queue. */
    private boolean dispatch(QueueMessageItem item) {
        if (!closed) {
            try {
                workers.execute(() -> run(item));
                return true;
            } catch (RejectedExecutionException e) {
                // stopping: fall through
            }
        }
        Lease lease = new Lease(item.getMessageId(), item.getPopReceipt(), item.getBody().toString());
        release(lease, Duration.ZERO);
        return false;
    }

    private void run(QueueMessageItem item) {
        try {
            process(item);
        } catch (Throwable e) {
            LOG.error("blob trigger queue message {} not completed: {}", item.getMessageId(), e.toString());
        } finally {
            slots.release();
        }
    }

    private void process(QueueMessageItem item) {
        Lease lease = new Lease(item.getMessageId(), item.getPopReceipt(), item.getBody().toString());
        BlobTriggerMessage message;
        try {
            message = BlobTriggerMessage.fromJson(item.getMessageId(), lease.text);
        } catch (IllegalArgumentException e) {
            LOG.error("queue '{}': message {} is not a blob trigger message ({}): deleted", name(), item.getMessageId(), e.getMessage());
            delete(lease);
            return;
        }
        int dequeueCount = (int) Math.min(Integer.MAX_VALUE, item.getDequeueCount());
        if (dequeueCount > maxDequeueCount) {
            LOG.error("blob '{}' for '{}' was received {} times (the host stopped during a try): moved to the poison queue",
                    message.path(), message.functionId(), dequeueCount);
            poisonAndDelete(message, lease);
            return;
        }
        long renewEvery = Math.max(500, visibility.toMillis() / 2);
        ScheduledFuture<?> renewal = timer.scheduleAtFixedRate(() -> renew(lease), renewEvery, renewEvery, TimeUnit.MILLISECONDS);
        Outcome outcome;
        try {
            outcome = processor.process(message, dequeueCount);
        } catch (Throwable e) {
            // Whatever escapes a try (an Error too) fails that try: the message comes back, as a queue message does
            // when the worker dies in Azure, and is poisoned after the last try (docs/functions-host.md §8.4).
            LOG.error("blob trigger message {} for '{}' ({}) failed: {}", message.id(), message.functionId(), message.path(), e.toString());
            outcome = Outcome.FAILED;
        } finally {
            renewal.cancel(false);
        }
        switch (outcome) {
            case DONE -> delete(lease);
            case BUSY -> {
                // Another host holds the blob's receipt: look again later without spending a try.
                queue.sendMessageWithResponse(lease.text, busyDelay, null, null, Context.NONE);
                delete(lease);
            }
            default -> {
                if (dequeueCount >= maxDequeueCount) {
                    LOG.error("blob '{}' failed {} times for '{}': moved to the poison queue", message.path(), dequeueCount,
                            message.functionId());
                    poisonAndDelete(message, lease);
                } else {
                    LOG.warn("blob '{}' for '{}': try {} of {} failed, retrying", message.path(), message.functionId(),
                            dequeueCount, maxDequeueCount);
                    release(lease, Duration.ZERO);
                }
            }
        }
    }

    /** The poison message first, then the delete: a poison write that fails leaves the message to come back and try again. */
    private void poisonAndDelete(BlobTriggerMessage message, Lease lease) {
        try {
            poison.poison(message);
        } catch (RuntimeException e) {
            LOG.error("cannot write the poison message for '{}' ({}): {}; the queue message comes back", message.functionId(),
                    message.path(), e.toString());
            release(lease, busyDelay);
            return;
        }
        delete(lease);
    }

    /** The message's pop receipt, which every renewal replaces; {@code settled} once it was deleted or released. */
    private static final class Lease {
        final String id;
        final String text;
        String popReceipt;
        boolean settled;

        Lease(String id, String popReceipt, String text) {
            this.id = id;
            this.popReceipt = popReceipt;
            this.text = text;
        }
    }

    private void renew(Lease lease) {
        synchronized (lease) {
            if (lease.settled || closed && timer.isShutdown()) {
                return;
            }
            try {
                UpdateMessageResult result = queue.updateMessage(lease.id, lease.popReceipt, lease.text, visibility);
                lease.popReceipt = result.getPopReceipt();
            } catch (RuntimeException e) {
                LOG.warn("queue '{}': cannot extend the visibility of message {}: {}", name(), lease.id, e.toString());
            }
        }
    }

    private void delete(Lease lease) {
        synchronized (lease) {
            lease.settled = true;
            try {
                queue.deleteMessage(lease.id, lease.popReceipt);
            } catch (QueueStorageException e) {
                // 404: gone already; 400 pop receipt mismatch: another receiver owns it now (the host ignores both)
                LOG.warn("queue '{}': message {} not deleted: {}", name(), lease.id, e.getMessage());
            }
        }
    }

    private void release(Lease lease, Duration after) {
        synchronized (lease) {
            lease.settled = true;
            try {
                queue.updateMessage(lease.id, lease.popReceipt, lease.text, after);
            } catch (RuntimeException e) {
                // It comes back when its visibility timeout lapses anyway.
                LOG.warn("queue '{}': message {} not released: {}", name(), lease.id, e.toString());
            }
        }
        wake();
    }

    private void wake() {
        synchronized (signal) {
            signalled = true;
            signal.notifyAll();
        }
    }

    /** Waits until {@link #wake()} or {@code millis}; false when interrupted (the host stops). */
    private boolean awaitWake(long millis) {
        synchronized (signal) {
            try {
                if (!signalled) {
                    signal.wait(millis);
                }
            } catch (InterruptedException e) {
                return false;
            } finally {
                signalled = false;
            }
        }
        return true;
    }

    /**
     * Stops receiving and waits up to {@code drain} for the running messages. Messages still running when it gives up, and
     * those not yet received, stay on the queue for the next start.
     */
    @Override
    public void close(Duration drain) {
        closed = true;
        long deadline = System.nanoTime() + drain.toNanos();
        receiver.interrupt();
        try {
            receiver.join(Math.max(1, drain.toMillis()));
            while (slots.availablePermits() < CONCURRENCY && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int running = CONCURRENCY - slots.availablePermits();
        workers.shutdownNow();
        timer.shutdownNow();
        if (running > 0) {
            LOG.warn("{} blob trigger message(s) still running when the host stopped: they stay on queue '{}' and come back "
                    + "after their visibility timeout ({} s)", running, name(), visibility.toSeconds());
        }
    }
}
