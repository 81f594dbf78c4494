package com.aisaas.devhost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DevMainTimersTest {

    @Test
    void summary_describesTheTimers_theirZone_andHowToRunOneNow() {
        assertThat(DevMain.describeTimers(Map.of())).isEqualTo("on their schedules (UTC), lock and status in AzureWebJobsStorage; "
                + "run one now: POST /admin/functions/<name> with DEVHOST_MASTER_KEY");
        assertThat(DevMain.describeTimers(Map.of("WEBSITE_TIME_ZONE", "Europe/Berlin", "TZ", "Asia/Tokyo"))).contains("(Europe/Berlin)");
        assertThat(DevMain.describeTimers(Map.of("TZ", "Asia/Tokyo"))).contains("(Asia/Tokyo)");
        assertThat(DevMain.describeTimers(Map.of("DEVHOST_TIMERS", "off"))).startsWith("not scheduled (DEVHOST_TIMERS=off)")
                .contains("POST /admin/functions/<name>");
    }
}
