package com.aisaas.devhost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DevMainEventsTest {

    @Test
    void summary_describesTheEventSource_withDefaultsForUnsetSettings() {
        assertThat(DevMain.describeEvents(Map.of())).isEqualTo("Azurite watched every 100 ms for blob triggers; Event Grid retries x0.01, "
                + "30 attempts, then container eventgrid-deadletter");
        assertThat(DevMain.describeEvents(Map.of("DEVHOST_EVENT_POLL_MS", "100", "DEVHOST_EVENT_RETRY_SCALE", "1",
                "DEVHOST_EVENT_MAX_ATTEMPTS", "5", "DEVHOST_EVENTGRID_SUBSCRIPTIONS", "Lifecycle=uploaded-files")))
                .isEqualTo("Azurite watched every 100 ms for blob triggers and Lifecycle=uploaded-files; Event Grid retries x1, 5 attempts, "
                        + "then container eventgrid-deadletter");
        assertThat(DevMain.describeEvents(Map.of("DEVHOST_EVENT_SOURCE", "off"))).contains("off");
    }
}
