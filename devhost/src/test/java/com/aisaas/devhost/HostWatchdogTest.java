package com.aisaas.devhost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostWatchdogTest {

    static HostWatchdog watchdog(List<Boolean> answers, int allowedMisses) {
        Deque<Boolean> queue = new ArrayDeque<>(answers);
        return new HostWatchdog(queue::removeFirst, allowedMisses);
    }

    @Test
    void wedged_afterTheAllowedMissesInARow_onlyOnceTheHostHadAnswered() {
        HostWatchdog watchdog = watchdog(List.of(false, false, true, false, false, false), 3);

        assertThat(watchdog.wedged()).as("still starting").isFalse();
        assertThat(watchdog.wedged()).isFalse();
        assertThat(watchdog.wedged()).isFalse();
        assertThat(watchdog.wedged()).isFalse();
        assertThat(watchdog.wedged()).isFalse();
        assertThat(watchdog.wedged()).isTrue();
    }

    @Test
    void aBusyHostThatAnswersNowAndThen_isNeverWedged() {
        HostWatchdog watchdog = watchdog(List.of(true, false, false, true, false, false, true), 3);

        for (int i = 0; i < 7; i++) {
            assertThat(watchdog.wedged()).isFalse();
        }
        assertThat(watchdog.misses()).isZero();
    }
}
