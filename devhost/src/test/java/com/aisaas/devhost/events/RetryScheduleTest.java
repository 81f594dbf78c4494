package com.aisaas.devhost.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private final RetrySchedule azure = new RetrySchedule(EventSourceSettings.fromEnvironment(Map.of("DEVHOST_EVENT_RETRY_SCALE", "1")));

    @Test
    void delays_followEventGridsSchedule_withUpToTenPercentJitter() {
        assertBetween(azure.delayAfter(1, 500), Duration.ofSeconds(10));
        assertBetween(azure.delayAfter(2, 500), Duration.ofSeconds(30));
        assertBetween(azure.delayAfter(3, 500), Duration.ofMinutes(1));
        assertBetween(azure.delayAfter(4, 500), Duration.ofMinutes(5));
        assertBetween(azure.delayAfter(9, 500), Duration.ofHours(6));
        assertBetween(azure.delayAfter(10, 500), Duration.ofHours(12));
        assertBetween(azure.delayAfter(25, -1), Duration.ofHours(12));
    }

    @Test
    void someAnswers_waitLonger() {
        assertBetween(azure.delayAfter(1, 404), Duration.ofMinutes(5));
        assertBetween(azure.delayAfter(1, 408), Duration.ofMinutes(2));
        assertBetween(azure.delayAfter(1, 503), Duration.ofSeconds(30));
        assertBetween(azure.delayAfter(5, 503), Duration.ofMinutes(10));
    }

    @Test
    void theScale_shortensEverything_includingTheTimeToLive() {
        RetrySchedule local = new RetrySchedule(EventSourceSettings.defaults());
        Duration first = local.delayAfter(1, 500);
        assertThat(first).isBetween(Duration.ofMillis(100), Duration.ofMillis(110));
        assertThat(local.timeToLive()).isEqualTo(Duration.ofSeconds(864));
    }

    @Test
    void successAndNonRetriedAnswers_areEventGrids() {
        assertThat(RetrySchedule.isSuccess(200)).isTrue();
        assertThat(RetrySchedule.isSuccess(202)).isTrue();
        assertThat(RetrySchedule.isSuccess(204)).isTrue();
        assertThat(RetrySchedule.isSuccess(205)).isFalse();
        assertThat(RetrySchedule.isSuccess(302)).isFalse();
        assertThat(RetrySchedule.isRetried(400)).isFalse();
        assertThat(RetrySchedule.isRetried(401)).isFalse();
        assertThat(RetrySchedule.isRetried(403)).isFalse();
        assertThat(RetrySchedule.isRetried(413)).isFalse();
        assertThat(RetrySchedule.isRetried(404)).isTrue();
        assertThat(RetrySchedule.isRetried(500)).isTrue();
        assertThat(RetrySchedule.outcome(500, false)).isEqualTo("GenericError");
        assertThat(RetrySchedule.outcome(-1, true)).isEqualTo("TimedOut");
        assertThat(RetrySchedule.outcome(404, false)).isEqualTo("NotFound");
    }

    private static void assertBetween(Duration actual, Duration base) {
        assertThat(actual).isBetween(base, base.plus(base.dividedBy(10)));
    }
}
