package com.aisaas.devhost.host.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The queue tries a message as often as host.json's poisonBlobThreshold says, then poisons it. */
class BlobTriggerQueueThresholdTest {

    @Test
    void queue_triesAMessageThatAlwaysFails_poisonBlobThresholdTimes_thenPoisonsIt() throws Exception {
        List<Integer> tries = new CopyOnWriteArrayList<>();
        CountDownLatch poisoned = new CountDownLatch(1);
        try (BlobTriggerQueue queue = new MemoryBlobTriggerQueue((message, dequeueCount) -> {
            tries.add(dequeueCount);
            return BlobTriggerQueue.Outcome.FAILED;
        }, message -> poisoned.countDown(), Duration.ofMillis(1), Duration.ofMillis(1), 3)) {
            queue.enqueue(BlobTriggerMessage.of("Host.Functions.F", "BlockBlob", "c", "b", "\"e\""));

            assertThat(poisoned.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(tries).containsExactly(1, 2, 3);
        }
    }
}
