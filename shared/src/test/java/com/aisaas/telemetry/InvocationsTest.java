package com.aisaas.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.common.ValidationException;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class InvocationsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Invocations invocations = new Invocations(registry);

    @Test
    void call_putsInvocationIdAndFunctionNameInMdcOnlyForTheDuration() {
        AtomicReference<String> seenId = new AtomicReference<>();
        AtomicReference<String> seenName = new AtomicReference<>();

        String result = invocations.call("GetFile", "inv-123", () -> {
            seenId.set(MDC.get("invocationId"));
            seenName.set(MDC.get("functionName"));
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(seenId).hasValue("inv-123");
        assertThat(seenName).hasValue("GetFile");
        assertThat(MDC.get("invocationId")).isNull();
        assertThat(MDC.get("functionName")).isNull();
    }

    @Test
    void call_nested_restoresTheOuterMdc() {
        invocations.call("Outer", "outer-id", () -> {
            invocations.call("Inner", "inner-id", () -> 1);
            assertThat(MDC.get("invocationId")).isEqualTo("outer-id");
            return 0;
        });
    }

    @Test
    void call_recordsSuccessAndErrorTimersAndCountsErrorsByType() {
        invocations.call("HealthLive", "a", () -> "ok");
        invocations.call("HealthLive", "b", () -> "ok");
        assertThatThrownBy(() -> invocations.call("HealthLive", "c", () -> {
            throw new ValidationException("bad");
        })).isInstanceOf(ValidationException.class);

        Timer success = registry.get("function_invocations").tags("function", "HealthLive", "outcome", "success").timer();
        Timer error = registry.get("function_invocations").tags("function", "HealthLive", "outcome", "error").timer();
        assertThat(success.count()).isEqualTo(2);
        assertThat(error.count()).isEqualTo(1);
        assertThat(registry.get("function_errors").tags("function", "HealthLive", "error", "ValidationException")
                .counter().count()).isEqualTo(1.0);
        assertThat(MDC.get("invocationId")).isNull();
    }

    @Test
    void scrape_exposesPercentilesAndHistogramBuckets() {
        invocations.call("Metrics", "a", () -> "ok");

        String text = registry.scrape();

        assertThat(text).contains("function_invocations_seconds_bucket{function=\"Metrics\",outcome=\"success\"");
        assertThat(text).contains("function_invocations_percentiles_seconds{function=\"Metrics\",outcome=\"success\",quantile=\"0.5\"}");
        assertThat(text).contains("function_invocations_percentiles_seconds{function=\"Metrics\",outcome=\"success\",quantile=\"0.95\"}");
        assertThat(text).contains("function_invocations_percentiles_seconds{function=\"Metrics\",outcome=\"success\",quantile=\"0.99\"}");
    }

    @Test
    void domainMetrics_countOnTheSameRegistry() {
        DomainMetrics metrics = new DomainMetrics(registry);
        metrics.upload("ready");
        metrics.eventProcessed("Microsoft.Storage.BlobCreated", "applied");
        metrics.deadLetter("eventgrid");

        assertThat(registry.scrape())
                .contains("uploads_total{outcome=\"ready\"} 1.0")
                .contains("dead_letters_total{source=\"eventgrid\"} 1.0")
                .contains("events_processed_total{outcome=\"applied\",type=\"Microsoft.Storage.BlobCreated\"} 1.0");
    }

    @Test
    void metrics_globalRegistryIsOnePerProcessAndScrapesText() {
        assertThat(Metrics.registry()).isSameAs(Metrics.registry());
        assertThat(Metrics.scrape()).contains("jvm_memory_used_bytes");
    }
}
