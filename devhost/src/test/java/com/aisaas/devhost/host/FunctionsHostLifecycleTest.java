package com.aisaas.devhost.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.devhost.host.testapp.probe.Probe;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host options and lifecycle: route prefixes, body limit, concurrency, graceful shutdown. */
class FunctionsHostLifecycleTest {

    @TempDir
    Path dir;

    private FunctionsHost start(TestApp app, HostOptions options) {
        app.writeTo(dir);
        return new FunctionsHost(options, line -> { }).start();
    }

    private FunctionsHost start(TestApp app) {
        return start(app, HostOptions.of(dir).withPort(0));
    }

    @Test
    void customRoutePrefix_replacesApi() {
        try (FunctionsHost host = start(new TestApp().routePrefix("/v2/").function("Hello", "RouteFunctions.hello"))) {
            TestHttp http = new TestHttp(host.baseUrl());
            assertThat(http.get("/v2/hello").body()).isEqualTo("hello");
            assertThat(http.get("/api/hello").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void emptyRoutePrefix_servesRoutesAtTheRoot() {
        try (FunctionsHost host = start(new TestApp().routePrefix("")
                .function("Hello", "RouteFunctions.hello")
                .function("EchoCatchAll", "RouteFunctions.echo", "files/{*v}"))) {
            TestHttp http = new TestHttp(host.baseUrl());
            assertThat(http.get("/hello").body()).isEqualTo("hello");
            assertThat(http.get("/files/x/y").body()).isEqualTo("EchoCatchAll:x/y");
            assertThat(http.get("/api/hello").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void bodyOverTheLimit_is413_byLengthAndWhileReadingAChunkedBody() {
        TestApp app = new TestApp().function("BodyText", "RequestFunctions.text");
        try (FunctionsHost host = start(app, HostOptions.of(dir).withPort(0).withMaxRequestBodyBytes(1024))) {
            TestHttp http = new TestHttp(host.baseUrl());
            assertThat(http.post("/api/BodyText", "text/plain", new byte[1024]).statusCode()).isEqualTo(200);
            assertThat(http.post("/api/BodyText", "text/plain", new byte[1025]).statusCode()).isEqualTo(413);
            HttpRequest chunked = http.request("/api/BodyText").header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[4096]))).build();
            assertThat(http.send(chunked).statusCode()).isEqualTo(413);
            HttpRequest smallChunked = http.request("/api/BodyText").header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[100]))).build();
            assertThat(http.send(smallChunked).body()).isEqualTo("empty");
        }
    }

    @Test
    void bodyLimit_comesFromTheEnvironmentSetting() {
        HostOptions options = HostOptions.fromEnvironment(dir, 0, java.util.Map.of("FUNCTIONS_REQUEST_BODY_SIZE_LIMIT", "10",
                "DEVHOST_FUNCTION_KEY", "f", "DEVHOST_MASTER_KEY", "m"));
        assertThat(options.maxRequestBodyBytes()).isEqualTo(10);
        assertThat(options.functionKey()).isEqualTo("f");
        assertThat(options.masterKey()).isEqualTo("m");
        assertThat(options.toString()).doesNotContain("=f,").doesNotContain("=m,");
        assertThat(HostOptions.fromEnvironment(dir, 0, java.util.Map.of()).maxRequestBodyBytes()).isEqualTo(104_857_600L);
    }

    @Test
    void concurrentRequests_runInParallel() throws Exception {
        Probe.reset();
        try (FunctionsHost host = start(new TestApp().function("Sleepy", "RuntimeFunctions.sleepy"))) {
            TestHttp http = new TestHttp(host.baseUrl());
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(http.client.sendAsync(http.request("/api/Sleepy").build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                assertThat(call.get(30, TimeUnit.SECONDS).body()).isEqualTo("slept");
            }
        }
        assertThat(Probe.MAX_RUNNING.get()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void close_letsARunningInvocationFinish_andThenRefusesConnections() throws Exception {
        Probe.reset();
        FunctionsHost host = start(new TestApp().function("Slow", "RuntimeFunctions.slow"),
                HostOptions.of(dir).withPort(0).withDrainTimeout(Duration.ofSeconds(10)));
        TestHttp http = new TestHttp(host.baseUrl());
        CompletableFuture<HttpResponse<String>> inFlight =
                http.client.sendAsync(http.request("/api/Slow").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(Probe.slowEntered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(host::close);

        HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("finished");
        closing.get(15, TimeUnit.SECONDS);
        TestHttp fresh = new TestHttp(host.baseUrl());
        assertThatThrownBy(() -> fresh.get("/api/Slow")).hasCauseInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void close_isIdempotent_andStartTwiceFails() {
        FunctionsHost host = start(new TestApp().function("Hello", "RouteFunctions.hello"));
        assertThatThrownBy(host::start).isInstanceOf(IllegalStateException.class);
        host.close();
        host.close();
    }

    @Test
    void portInUse_failsStart() {
        try (FunctionsHost first = start(new TestApp().function("Hello", "RouteFunctions.hello"))) {
            FunctionsHost second = new FunctionsHost(HostOptions.of(dir).withPort(first.port()), line -> { });
            assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class).hasMessageContaining(String.valueOf(first.port()));
            second.close();
        }
    }

    @Test
    void missingAppFolder_failsStart() {
        FunctionsHost host = new FunctionsHost(HostOptions.of(dir.resolve("nope")).withPort(0));
        assertThatThrownBy(host::start).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
    }

    @Test
    void invalidFunctionJson_failsStartNamingTheFile() throws IOException {
        new TestApp().writeTo(dir);
        java.nio.file.Files.createDirectories(dir.resolve("Broken"));
        java.nio.file.Files.writeString(dir.resolve("Broken/function.json"), "{ not json");
        FunctionsHost host = new FunctionsHost(HostOptions.of(dir).withPort(0));
        assertThatThrownBy(host::start).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Broken");
    }
}
