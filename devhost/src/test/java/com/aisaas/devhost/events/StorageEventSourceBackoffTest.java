package com.aisaas.devhost.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How long the watcher waits between rounds of listings: the poll interval, or longer for a large container. */
class StorageEventSourceBackoffTest {

    private static final Duration POLL = Duration.ofMillis(100);

    @Test
    void smallContainers_arePolledAtThePollInterval() {
        assertThat(StorageEventSource.nextRoundIn(POLL, 0)).isEqualTo(POLL);
        assertThat(StorageEventSource.nextRoundIn(POLL, 400)).isEqualTo(POLL);
    }

    @Test
    void largeContainers_waitInProportionToTheBlobsListed() {
        assertThat(StorageEventSource.nextRoundIn(POLL, 2_000)).isEqualTo(Duration.ofMillis(500));
        assertThat(StorageEventSource.nextRoundIn(POLL, 10_000)).isEqualTo(Duration.ofMillis(2_500));
        assertThat(StorageEventSource.nextRoundIn(Duration.ofSeconds(5), 10_000)).isEqualTo(Duration.ofSeconds(5));
    }
}
