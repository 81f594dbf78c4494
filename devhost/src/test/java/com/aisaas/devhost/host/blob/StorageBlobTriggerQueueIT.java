package com.aisaas.devhost.host.blob;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.devhost.services.LocalServices;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.models.PeekedMessageItem;
import com.azure.storage.queue.models.QueueMessageItem;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The durable blob-trigger queue against Azurite's queue service (docs/functions-host.md §3.3). */
class StorageBlobTriggerQueueIT {

    static final BlobTriggerMessage MESSAGE = BlobTriggerMessage.of("Host.Functions.F", "Block", "c", "dir/b.txt", "\"0x1\"");

    static QueueClient queue(QueueMessageEncoding encoding) {
        return new QueueClientBuilder().connectionString(LocalServices.shared().azurite().hostConnectionString())
                .queueName("azure-webjobs-blobtrigger-q-" + UUID.randomUUID().toString().substring(0, 8))
                .httpClient(new JdkHttpClientBuilder().build()).messageEncoding(encoding).buildClient();
    }

    @Test
    void aMessage_isBase64Json_onTheQueue_untilItSucceeds_thenDeleted() throws Exception {
        QueueClient client = queue(QueueMessageEncoding.BASE64);
        QueueClient raw = new QueueClientBuilder().connectionString(LocalServices.shared().azurite().hostConnectionString())
                .queueName(client.getQueueName()).httpClient(new JdkHttpClientBuilder().build()).buildClient();
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        List<BlobTriggerMessage> seen = new CopyOnWriteArrayList<>();
        try (StorageBlobTriggerQueue queue = new StorageBlobTriggerQueue(client, (message, dequeueCount) -> {
            seen.add(message);
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.countDown();
            return BlobTriggerQueue.Outcome.DONE;
        }, message -> { }, 5, Duration.ofSeconds(30), Duration.ofSeconds(1))) {
            assertThat(queue.enqueue(MESSAGE)).isTrue();
            PeekedMessageItem peeked = raw.peekMessage();
            String json = new String(Base64.getDecoder().decode(peeked.getMessageText()), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(BlobTriggerMessage.fromJson("x", json)).isEqualTo(new BlobTriggerMessage("x", "Host.Functions.F", "Block", "c",
                    "dir/b.txt", "\"0x1\""));

            queue.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(seen).hasSize(1);
            assertThat(client.getProperties().getApproximateMessagesCount()).as("kept while it runs").isEqualTo(1);
            gate.countDown();
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (client.getProperties().getApproximateMessagesCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(client.getProperties().getApproximateMessagesCount()).as("deleted after success").isZero();
            assertThat(seen.get(0).path()).isEqualTo("c/dir/b.txt");
        }
    }

    @Test
    void aFailingMessage_isTriedThresholdTimes_thenPoisonedAndDeleted() throws Exception {
        QueueClient client = queue(QueueMessageEncoding.BASE64);
        List<Integer> tries = new CopyOnWriteArrayList<>();
        CountDownLatch poisoned = new CountDownLatch(1);
        try (StorageBlobTriggerQueue queue = new StorageBlobTriggerQueue(client, (message, dequeueCount) -> {
            tries.add(dequeueCount);
            return BlobTriggerQueue.Outcome.FAILED;
        }, message -> poisoned.countDown(), 3, Duration.ofSeconds(30), Duration.ofSeconds(1))) {
            queue.enqueue(MESSAGE);
            queue.start();

            assertThat(poisoned.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(tries).containsExactly(1, 2, 3);
        }
        assertThat(client.getProperties().getApproximateMessagesCount()).isZero();
    }

    @Test
    void aMessageReceivedMoreOftenThanTheThreshold_itsHostDiedOnTheLastTry_isPoisonedWithoutAnotherTry() throws Exception {
        QueueClient client = queue(QueueMessageEncoding.BASE64);
        List<Integer> tries = new CopyOnWriteArrayList<>();
        CountDownLatch poisoned = new CountDownLatch(1);
        try (StorageBlobTriggerQueue queue = new StorageBlobTriggerQueue(client, (message, dequeueCount) -> {
            tries.add(dequeueCount);
            return BlobTriggerQueue.Outcome.DONE;
        }, message -> poisoned.countDown(), 2, Duration.ofSeconds(30), Duration.ofSeconds(1))) {
            queue.enqueue(MESSAGE);
            for (int i = 0; i < 2; i++) {   // two receivers that died during their try: received, never settled
                QueueMessageItem item = client.receiveMessage();
                client.updateMessage(item.getMessageId(), item.getPopReceipt(), item.getBody().toString(), Duration.ZERO);
            }
            queue.start();

            assertThat(poisoned.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(tries).isEmpty();
        }
        assertThat(client.getProperties().getApproximateMessagesCount()).isZero();
    }
}
