package com.aisaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What azure-functions-maven-plugin wrote is what the Azure host loads: check the files themselves. */
class PackagedFunctionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({
            "HealthLive, health/live, ANONYMOUS, com.aisaas.functions.HealthLiveHttpFunction.run",
            "HealthReady, health/ready, ANONYMOUS, com.aisaas.functions.HealthReadyHttpFunction.run",
            "HealthReadyDetails, health/ready/details, FUNCTION, com.aisaas.functions.HealthReadyDetailsHttpFunction.run",
            "HealthDatabase, health/database, FUNCTION, com.aisaas.functions.HealthDatabaseHttpFunction.run",
            "Metrics, metrics, FUNCTION, com.aisaas.functions.MetricsHttpFunction.run"})
    void httpFunction_isPackagedWithItsRouteAuthLevelAndEntryPoint(String name, String route, String authLevel,
                                                                  String entryPoint) throws IOException {
        JsonNode function = JSON.readTree(Devhost.appPackage().resolve(name).resolve("function.json").toFile());

        assertThat(function.path("entryPoint").asText()).isEqualTo(entryPoint);
        Path jar = Devhost.appPackage().resolve(name).resolve(function.path("scriptFile").asText()).normalize();
        assertThat(jar).isRegularFile();
        JsonNode trigger = function.path("bindings").get(0);
        assertThat(trigger.path("type").asText()).isEqualTo("httpTrigger");
        assertThat(trigger.path("route").asText()).isEqualTo(route);
        assertThat(trigger.path("authLevel").asText()).isEqualTo(authLevel);
        assertThat(trigger.path("methods").toString()).isEqualTo("[\"GET\"]");
        assertThat(function.path("bindings").get(1).path("type").asText()).isEqualTo("http");
    }

    @Test
    void processUpload_isAnEventGridBlobTrigger_onUploadedFiles_boundAsABlobClient() throws IOException {
        JsonNode function = JSON.readTree(Devhost.appPackage().resolve("ProcessUpload").resolve("function.json").toFile());

        assertThat(function.path("entryPoint").asText()).isEqualTo("com.aisaas.functions.ProcessUploadBlobFunction.run");
        JsonNode trigger = function.path("bindings").get(0);
        assertThat(trigger.path("type").asText()).isEqualTo("blobTrigger");
        assertThat(trigger.path("path").asText()).isEqualTo("uploaded-files/{name}");
        assertThat(trigger.path("connection").asText()).isEqualTo("UploadsStorage");
        assertThat(trigger.path("source").asText()).isEqualTo("EventGrid");
        assertThat(trigger.has("dataType")).isFalse();
        try (Stream<Path> jars = Files.list(Devhost.appPackage().resolve("lib"))) {
            assertThat(jars.map(jar -> jar.getFileName().toString()))
                    .anyMatch(jar -> jar.startsWith("azure-functions-java-sdktypes-"))
                    .anyMatch(jar -> jar.startsWith("tika-core-"));
        }
    }

    @Test
    void hostJson_isTheRootOne_withTheExtensionBundle() throws IOException {
        JsonNode packaged = JSON.readTree(Devhost.appPackage().resolve("host.json").toFile());
        JsonNode root = JSON.readTree(Devhost.repoRoot().resolve("host.json").toFile());

        assertThat(packaged).isEqualTo(root);
        assertThat(packaged.path("version").asText()).isEqualTo("2.0");
        assertThat(packaged.path("extensionBundle").path("version").asText()).isEqualTo("[4.*, 5.0.0)");
    }

    @Test
    void thePackage_holdsNoCommandLineTool() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Devhost.appPackage())) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).toList()) {
                assertThat(jar.getFileName().toString()).doesNotStartWith("tools-");
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    zip.stream().map(ZipEntry::getName)
                            .filter(name -> name.startsWith("com/aisaas/tools/") || name.endsWith("Main.class")
                                    && name.startsWith("com/aisaas/"))
                            .forEach(name -> found.add(jar.getFileName() + "!" + name));
                }
            }
        }
        assertThat(found).as("command-line entry points in the deployed package").isEmpty();
        try (Stream<Path> jars = Files.list(Devhost.appPackage().resolve("lib"))) {
            assertThat(jars.map(jar -> jar.getFileName().toString())).anyMatch(jar -> jar.startsWith("shared-"));
        }
    }

    @Test
    void lib_holdsTheAppsDependencies_onTheJdkHttpClient_withoutNetty() throws IOException {
        try (Stream<Path> jars = Files.list(Devhost.appPackage().resolve("lib"))) {
            assertThat(jars.map(jar -> jar.getFileName().toString()))
                    .anyMatch(jar -> jar.startsWith("shared-"))
                    .anyMatch(jar -> jar.startsWith("azure-core-http-jdk-httpclient-"))
                    .anyMatch(jar -> jar.startsWith("postgresql-"))
                    .noneMatch(jar -> jar.contains("netty"))
                    .noneMatch(jar -> jar.startsWith("devhost-"))
                    .noneMatch(jar -> jar.startsWith("junit"));
        }
    }
}
