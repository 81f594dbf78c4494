package com.aisaas.devhost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.devhost.services.Service;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevMainTest {
    private static final Map<String, String> SERVICE_SETTINGS = Map.ofEntries(
            Map.entry("DB_URL", "jdbc:postgresql://127.0.0.1:54320/aisaas"), Map.entry("DB_USER", "app"),
            Map.entry("DB_PASSWORD", "pw"), Map.entry("DB_MAINTENANCE_USER", "maint"),
            Map.entry("DB_MAINTENANCE_PASSWORD", "pw"), Map.entry("DB_MIGRATION_USER", "owner"),
            Map.entry("DB_MIGRATION_PASSWORD", "pw"), Map.entry("REDIS_URL", "redis://127.0.0.1:63790"),
            Map.entry("REDIS_PASSWORD", ""), Map.entry("UploadsStorage", "conn"),
            Map.entry("AzureWebJobsStorage", "conn"));

    @Test
    void arguments_parseAppPortAndSettings() {
        DevMain.Arguments args = DevMain.Arguments.parse(
                new String[] {"--app", "pkg", "--port", "8080", "--settings", "s.json"});

        assertThat(args.app()).isEqualTo(Path.of("pkg"));
        assertThat(args.port()).isEqualTo(8080);
        assertThat(args.settings()).contains(Path.of("s.json"));
    }

    @Test
    void arguments_defaultPortIs7071() {
        assertThat(DevMain.Arguments.parse(new String[] {"--app", "pkg"}).port()).isEqualTo(7071);
    }

    @Test
    void arguments_withoutApp_orWithBadValues_areRejected() {
        assertThatThrownBy(() -> DevMain.Arguments.parse(new String[] {"--port", "7071"}))
                .hasMessageContaining("--app");
        assertThatThrownBy(() -> DevMain.Arguments.parse(new String[] {"--app", "p", "--port", "x"}))
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> DevMain.Arguments.parse(new String[] {"--app", "p", "--port", "70000"}))
                .hasMessageContaining("range");
        assertThatThrownBy(() -> DevMain.Arguments.parse(new String[] {"--app"})).hasMessageContaining("value");
        assertThatThrownBy(() -> DevMain.Arguments.parse(new String[] {"--app", "p", "--verbose"}))
                .hasMessageContaining("unknown");
    }

    @Test
    void servicesNeeded_emptySettings_needAllThree() {
        Map<String, String> env = Map.of("DB_URL", "", "REDIS_URL", " ", "UploadsStorage", "");

        assertThat(DevMain.servicesNeeded(env)).containsExactlyInAnyOrder(Service.values());
    }

    @Test
    void servicesNeeded_namedServices_areNotStarted() {
        Map<String, String> env = Map.of("DB_URL", "jdbc:postgresql://db:5432/x", "REDIS_URL", "redis://r:6379",
                "UploadsStorage__blobServiceUri", "https://acct.blob.core.windows.net",
                "AzureWebJobsStorage", "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=k");

        assertThat(DevMain.servicesNeeded(env)).isEmpty();
    }

    @Test
    void servicesNeeded_developmentStorage_needsAzurite() {
        Map<String, String> env = Map.of("DB_URL", "jdbc:x", "REDIS_URL", "redis://r",
                "UploadsStorage", "conn", "AzureWebJobsStorage", "UseDevelopmentStorage=true");

        assertThat(DevMain.servicesNeeded(env)).containsExactly(Service.AZURITE);
    }

    @Test
    void servicesNeeded_aForeignAppsSettings_askOnlyForTheStorageEmulator() {
        Map<String, String> env = Map.of("FUNCTIONS_WORKER_RUNTIME", "java", "AzureWebJobsStorage", "UseDevelopmentStorage=true",
                "PDFProcessorSTORAGE", "UseDevelopmentStorage=true", "JAVA_ENABLE_SDK_TYPES", "true");

        assertThat(DevMain.servicesNeeded(env)).containsExactly(Service.AZURITE);
    }

    @Test
    void servicesNeeded_settingsThatNameNoService_askForNone() {
        Map<String, String> env = Map.of("FUNCTIONS_WORKER_RUNTIME", "java",
                "AzureWebJobsStorage", "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=k");

        assertThat(DevMain.servicesNeeded(env)).isEmpty();
    }

    @Test
    void withServices_pointsEveryDevelopmentStorageSettingAtTheStartedAzurite() {
        Map<String, String> env = Map.of("AzureWebJobsStorage", "UseDevelopmentStorage=true",
                "PDFProcessorSTORAGE", "UseDevelopmentStorage=true", "Other", "DefaultEndpointsProtocol=https;AccountName=real");

        Map<String, String> result = DevMain.withServices(env, EnumSet.of(Service.AZURITE),
                Map.of("UploadsStorage", "data-account", "AzureWebJobsStorage", "host-account"));

        assertThat(result).containsEntry("PDFProcessorSTORAGE", "data-account").containsEntry("AzureWebJobsStorage", "host-account")
                .containsEntry("Other", "DefaultEndpointsProtocol=https;AccountName=real").doesNotContainKey("UploadsStorage");
    }

    @Test
    void arguments_services_listOrNone() {
        assertThat(DevMain.Arguments.parse(new String[] {"--app", "p", "--services", "redis, azurite"}).services())
                .contains(EnumSet.of(Service.REDIS, Service.AZURITE));
        assertThat(DevMain.Arguments.parse(new String[] {"--app", "p", "--services", "none"}).services()).contains(EnumSet.noneOf(Service.class));
        assertThat(DevMain.Arguments.parse(new String[] {"--app", "p"}).services()).isEmpty();
        assertThatThrownBy(() -> DevMain.Arguments.parse(new String[] {"--app", "p", "--services", "mysql"})).hasMessageContaining("mysql");
    }

    @Test
    void withServices_fillsSettingsOfStartedServicesOnly() {
        Map<String, String> env = new HashMap<>(Map.of("DB_URL", "", "DB_USER", "someone", "REDIS_URL",
                "redis://mine:6379", "UploadsStorage", "", "AzureWebJobsStorage", "UseDevelopmentStorage=true"));

        Map<String, String> result = DevMain.withServices(env, EnumSet.of(Service.POSTGRES, Service.AZURITE),
                SERVICE_SETTINGS);

        assertThat(result).containsEntry("DB_URL", "jdbc:postgresql://127.0.0.1:54320/aisaas")
                .containsEntry("DB_USER", "app").containsEntry("DB_PASSWORD", "pw")
                .containsEntry("DB_MAINTENANCE_USER", "maint").containsEntry("DB_MIGRATION_USER", "owner")
                .containsEntry("REDIS_URL", "redis://mine:6379")
                .containsEntry("UploadsStorage", "conn").containsEntry("AzureWebJobsStorage", "conn");
    }

    @Test
    void withServices_keepsAConfiguredUploadsStorage() {
        Map<String, String> env = Map.of("UploadsStorage", "DefaultEndpointsProtocol=https;AccountName=real",
                "AzureWebJobsStorage", "UseDevelopmentStorage=true");

        Map<String, String> result = DevMain.withServices(env, EnumSet.of(Service.AZURITE), SERVICE_SETTINGS);

        assertThat(result).containsEntry("UploadsStorage", "DefaultEndpointsProtocol=https;AccountName=real")
                .containsEntry("AzureWebJobsStorage", "conn");
    }

    @Test
    void describeUrl_dropsCredentials() {
        assertThat(DevMain.describeUrl("jdbc:postgresql://db:5432/aisaas?user=u&password=secret"))
                .isEqualTo("jdbc:postgresql://db:5432/aisaas");
        assertThat(DevMain.describeUrl("rediss://default:secret@cache:6380")).isEqualTo("rediss://cache:6380");
        assertThat(DevMain.describeUrl("")).isEqualTo("(not set)");
    }

    @Test
    void describeStorage_showsTheEndpointNeverTheKey() {
        String described = DevMain.describeStorage("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
                + "AccountKey=SECRETKEY==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;", "");

        assertThat(described).isEqualTo("http://127.0.0.1:10000/devstoreaccount1").doesNotContain("SECRET");
        assertThat(DevMain.describeStorage("AccountName=acct;AccountKey=SECRET", null)).isEqualTo("account acct");
        assertThat(DevMain.describeStorage("", "https://acct.blob.core.windows.net"))
                .startsWith("https://acct.blob.core.windows.net");
    }

    @Test
    void hostCommand_passesTheWorkerJvmArgumentsSettingToTheHostJvm() {
        DevMain launcher = new DevMain(DevMain.Arguments.parse(new String[] {"--app", "pkg", "--port", "7171"}),
                System.out, new Thread(() -> { }));

        List<String> command = launcher.hostCommand(Path.of("pkg"),
                Map.of(DevMain.WORKER_JAVA_ARGUMENTS, "  -Djdk.httpclient.bufsize=262144   -Dx=y "));
        List<String> without = launcher.hostCommand(Path.of("pkg"), Map.of());

        assertThat(command).containsSubsequence("-Djdk.httpclient.bufsize=262144", "-Dx=y", "-cp");
        assertThat(command.subList(0, command.indexOf("-cp"))).doesNotContain("", " ");
        assertThat(without).doesNotContain("-Djdk.httpclient.bufsize=262144");
        assertThat(command.subList(command.indexOf("-cp"), command.size()))
                .isEqualTo(without.subList(without.indexOf("-cp"), without.size()));
    }
}
