package com.aisaas.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateLimitDecisionTest {

    @Test
    void headers_whenAllowed_carryLimitRemainingAndReset_withoutRetryAfter() {
        RateLimitDecision decision = new RateLimitDecision(true, 100, 42, 17, 0, false);

        assertThat(decision.headers())
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                        "RateLimit-Limit", "100", "RateLimit-Remaining", "42", "RateLimit-Reset", "17"));
    }

    @Test
    void headers_whenDenied_addRetryAfter_ofAtLeastOneSecond() {
        assertThat(new RateLimitDecision(false, 100, 0, 30, 30, false).headers())
                .containsEntry("Retry-After", "30")
                .containsEntry("RateLimit-Remaining", "0");
        assertThat(new RateLimitDecision(false, 100, 0, 0, 0, false).headers())
                .containsEntry("Retry-After", "1");
    }

    @Test
    void failOpen_isAllowedAndDegraded_andClaimsNoNumbersItNeverComputed() {
        RateLimitDecision decision = RateLimitDecision.failOpen(100);

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.degraded()).isTrue();
        assertThat(decision.headers()).isEmpty();
    }

    @Test
    void negativeNumbers_areRejected() {
        assertThatThrownBy(() -> new RateLimitDecision(true, 100, -1, 0, 0, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
