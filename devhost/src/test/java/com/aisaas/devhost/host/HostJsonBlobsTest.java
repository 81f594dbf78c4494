package com.aisaas.devhost.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** host.json's extensions.blobs.poisonBlobThreshold sets the blob trigger's tries, as in the Storage extension 5.x. */
class HostJsonBlobsTest {

    @TempDir
    Path dir;

    @Test
    void poisonBlobThreshold_isRead_andDefaultsToFive() throws Exception {
        Files.writeString(dir.resolve("host.json"),
                "{\"version\":\"2.0\",\"extensions\":{\"blobs\":{\"maxDegreeOfParallelism\":16,\"poisonBlobThreshold\":7}}}");

        assertThat(HostJson.read(dir).poisonBlobThreshold()).isEqualTo(7);
        assertThat(new HostJson("api").poisonBlobThreshold()).isEqualTo(5);
    }

    @Test
    void poisonBlobThresholdBelowOne_isRefused() throws Exception {
        Files.writeString(dir.resolve("host.json"), "{\"extensions\":{\"blobs\":{\"poisonBlobThreshold\":0}}}");

        assertThatThrownBy(() -> HostJson.read(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("poisonBlobThreshold");
    }

    @Test
    void queue_triesAMessageThatAlwaysFails_poisonBlobThresholdTimes_thenPoisonsIt() throws Exception {
        List<Integer> tries = new CopyOnWriteArrayList<>();
        CountDownLatch poisoned = new CountDownLatch(1);
        try (BlobTriggerQueue queue = new BlobTriggerQueue((message, dequeueCount) -> {
            tries.add(dequeueCount);
            return BlobTriggerQueue.Outcome.FAILED;
        }, message -> poisoned.countDown(), Duration.ofMillis(1), Duration.ofMillis(1), 3)) {
            queue.enqueue(BlobTriggerMessage.of("Host.Functions.F", "BlockBlob", "c", "b", "\"e\""));

            assertThat(poisoned.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(tries).containsExactly(1, 2, 3);
        }
    }
}
