package com.aisaas.devhost.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes events to webhooks the way Event Grid does: one event per POST, as a one-element array, with
 * {@code aeg-event-type: Notification} and the other {@code aeg-*} headers; 200–204 is delivered; other answers (and no
 * answer within 30 s) are retried on {@link RetrySchedule} until the maximum attempts or the time-to-live is reached,
 * and then, or at once for 400/401/403/413, the event is dead-lettered ({@link DeadLetters}). When the source closes,
 * pending retries are abandoned WITHOUT calling {@code done}, so the watcher emits those changes again after a restart.
 */
final class EventDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(EventDelivery.class);

    private final EventSourceSettings settings;
    private final RetrySchedule schedule;
    private final DeadLetters deadLetters;
    private final ObjectMapper json;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closed;

    EventDelivery(EventSourceSettings settings, DeadLetters deadLetters, ObjectMapper json, ScheduledExecutorService timer,
                  ExecutorService workers) {
        this.settings = settings;
        this.schedule = new RetrySchedule(settings);
        this.deadLetters = deadLetters;
        this.json = json;
        this.timer = timer;
        this.workers = workers;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(workers).build();
    }

    /** One event to one subscription; {@code done} runs once it is delivered or dead-lettered. */
    void deliver(ObjectNode event, EventSubscription subscription, Runnable done) {
        String body;
        try {
            body = "[" + json.writeValueAsString(event) + "]";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        attempt(new Delivery(event, body, subscription, done, Instant.now()));
    }

    private void attempt(Delivery delivery) {
        if (closed) {
            return;
        }
        delivery.attempts++;
        delivery.lastAttempt = Instant.now();
        HttpRequest request = HttpRequest.newBuilder(delivery.subscription.endpoint())
                .timeout(EventSourceSettings.RESPONSE_TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("aeg-event-type", "Notification")
                .header("aeg-subscription-name", delivery.subscription.name().toUpperCase(Locale.ROOT))
                .header("aeg-delivery-count", Integer.toString(delivery.attempts - 1))
                .header("aeg-data-version", delivery.event.path("dataVersion").asText(""))
                .header("aeg-metadata-version", delivery.event.path("metadataVersion").asText("1"))
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body))
                .build();
        inFlight.incrementAndGet();
        try {
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> {
                        try {
                            completed(delivery, response, failure);
                        } finally {
                            inFlight.decrementAndGet();
                        }
                    });
        } catch (RejectedExecutionException e) {
            inFlight.decrementAndGet();
            LOG.debug("delivery of {} abandoned: the event source is stopping", delivery.id());
        }
    }

    private void completed(Delivery delivery, HttpResponse<String> response, Throwable failure) {
        int status = response == null ? -1 : response.statusCode();
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        boolean timedOut = cause instanceof HttpTimeoutException;
        if (RetrySchedule.isSuccess(status)) {
            LOG.debug("event {} ({}) delivered to {} after {} attempt(s)", delivery.id(), delivery.type(), delivery.subscription.name(),
                    delivery.attempts);
            delivery.done.run();
            return;
        }
        if (closed) {
            return;   // not delivered: emitted again after the next start
        }
        delivery.lastStatus = status;
        delivery.lastOutcome = RetrySchedule.outcome(status, timedOut);
        String what = status > 0 ? "HTTP " + status : cause == null ? "no answer" : cause.toString();
        if (status > 0 && !RetrySchedule.isRetried(status)) {
            deadLetter(delivery, "NonRetriableError", what);
            return;
        }
        if (delivery.attempts >= settings.maxAttempts()) {
            deadLetter(delivery, "MaxDeliveryAttemptsExceeded", what);
            return;
        }
        Duration delay = schedule.delayAfter(delivery.attempts, status);
        if (Duration.between(delivery.published, Instant.now().plus(delay)).compareTo(schedule.timeToLive()) > 0) {
            deadLetter(delivery, "TimeToLiveExceeded", what);
            return;
        }
        LOG.info("event {} ({}) to {}: attempt {} failed ({}), next in {} ms", delivery.id(), delivery.type(), delivery.subscription.name(),
                delivery.attempts, what, delay.toMillis());
        try {
            timer.schedule(() -> attempt(delivery), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("retry of {} abandoned: the event source is stopping", delivery.id());
        }
    }

    private void deadLetter(Delivery delivery, String reason, String what) {
        try {
            workers.execute(() -> {
                try {
                    String name = deadLetters.write(delivery.event, delivery.subscription.name(), reason, delivery.attempts,
                            delivery.lastOutcome, delivery.lastStatus, delivery.published, delivery.lastAttempt);
                    LOG.warn("event {} ({}) for {} dead-lettered after {} attempt(s), last {}: {}/{}", delivery.id(), delivery.type(),
                            delivery.subscription.name(), delivery.attempts, what, DeadLetters.CONTAINER, name);
                } catch (RuntimeException e) {
                    LOG.error("event {} ({}) for {} could not be dead-lettered and is dropped: {}", delivery.id(), delivery.type(),
                            delivery.subscription.name(), e.toString());
                }
                delivery.done.run();
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("dead-lettering of {} abandoned: the event source is stopping", delivery.id());
        }
    }

    /** No more attempts or retries; attempts already sent may still complete (and count as delivered) until {@link #awaitInFlight}. */
    void close() {
        closed = true;
    }

    /** Waits (bounded) for the answers of attempts already sent. */
    void awaitInFlight(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static final class Delivery {
        final ObjectNode event;
        final String body;
        final EventSubscription subscription;
        final Runnable done;
        final Instant published;
        int attempts;
        Instant lastAttempt;
        int lastStatus = -1;
        String lastOutcome = "Aborted";

        Delivery(ObjectNode event, String body, EventSubscription subscription, Runnable done, Instant published) {
            this.event = event;
            this.body = body;
            this.subscription = subscription;
            this.done = done;
            this.published = published;
        }

        String id() {
            return event.path("id").asText();
        }

        String type() {
            return event.path("eventType").asText();
        }
    }
}
