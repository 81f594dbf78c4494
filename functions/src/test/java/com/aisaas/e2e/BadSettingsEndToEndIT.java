package com.aisaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A malformed setting is named in a clear problem and in the log, never shown as a stack trace. */
class BadSettingsEndToEndIT {

    @Test
    void malformedSettings_areNamedInTheLog_andAnsweredAsAProblem() {
        Map<String, String> settings = Map.of(
                "DB_URL", "postgres://not-a-jdbc-url",
                "DB_POOL_MAX_SIZE", "lots",
                // point at closed ports so the launcher starts no services of its own
                "REDIS_URL", "redis://127.0.0.1:" + Devhost.freePort(),
                "UploadsStorage", "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
                        + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
                        + "BlobEndpoint=http://127.0.0.1:" + Devhost.freePort() + "/devstoreaccount1;");
        try (Devhost devhost = Devhost.start(settings)) {
            HttpResponse<String> response = devhost.get("/api/health/ready");

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
            assertThat(response.body()).doesNotContain("at com.").doesNotContain("Exception:");
            assertThat(devhost.awaitOutput(Duration.ofSeconds(30), "DB_URL", "DB_POOL_MAX_SIZE")).contains("DB_URL");
        }
    }
}
