package com.aisaas.devhost.host.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppClassLoaderTest {

    @TempDir
    Path dir;

    @Test
    void theHostsServiceRegistrations_areHiddenFromTheApp_unlessTheInterfaceIsShared() throws IOException {
        String azureProviders = "META-INF/services/com.azure.core.http.HttpClientProvider";
        String jdbcDrivers = "META-INF/services/java.sql.Driver";
        ClassLoader host = AppClassLoaderTest.class.getClassLoader();
        assertThat(Collections.list(host.getResources(azureProviders))).as("the host has the JDK HTTP client provider").isNotEmpty();

        try (AppClassLoader app = AppClassLoader.forPackage(dir, List.of(), host)) {
            List<URL> providers = Collections.list(app.getResources(azureProviders));
            List<URL> drivers = Collections.list(app.getResources(jdbcDrivers));

            assertThat(providers).as("an app without its own Azure SDK must not load the host's providers").isEmpty();
            assertThat(drivers).as("java.* interfaces are shared, so their providers are too").isNotEmpty();
        }
    }
}
