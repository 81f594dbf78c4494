package com.aisaas.functions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsHttpFunctionTest {

    @Test
    void run_answersPrometheusTextWithItsContentType() {
        FakeHttp.Response response = FakeHttp.read(new MetricsHttpFunction(() -> "# TYPE x counter\nx_total 1.0\n")
                .run(FakeHttp.request("/api/metrics"), FakeHttp.context("inv-m")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).isEqualTo("# TYPE x counter\nx_total 1.0\n");
    }

    @Test
    void run_withTheProcessRegistry_includesTheInvocationTimerOfEarlierCalls() {
        new HealthLiveHttpFunction().run(FakeHttp.request("/api/health/live"), FakeHttp.context("inv-l"));

        FakeHttp.Response response = FakeHttp.read(new MetricsHttpFunction()
                .run(FakeHttp.request("/api/metrics"), FakeHttp.context("inv-m2")));

        assertThat((String) response.body())
                .contains("function_invocations_seconds_count{function=\"HealthLive\",outcome=\"success\"}")
                .contains("function_invocations_percentiles_seconds{function=\"HealthLive\",outcome=\"success\",quantile=\"0.99\"}")
                .contains("jvm_memory_used_bytes");
    }
}
