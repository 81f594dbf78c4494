package com.aisaas.devhost.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missing binaries and packages fail before any process starts, saying how to fix them. */
class MissingPrerequisitesTest {
    @TempDir
    Path dir;

    @Test
    void redisBinaryVariable_pointingNowhere_isNamedInTheError() {
        Map<String, String> env = Map.of("REDIS_SERVER_BINARY", "/nonexistent/redis-server", "PATH", "/usr/bin");

        assertThatThrownBy(() -> LocalServices.start(LocalServices.Options.defaults()
                        .services(Service.REDIS).environment(env)))
                .isInstanceOf(LocalServiceException.class)
                .hasMessageContaining("REDIS_SERVER_BINARY=/nonexistent/redis-server does not exist")
                .hasMessageContaining("apt-get install redis-server");
    }

    @Test
    void redisServer_notOnPath_saysHowToInstallIt() {
        assertThatThrownBy(() -> LocalRedis.resolveBinary(Map.of("PATH", dir.toString())))
                .isInstanceOf(LocalServiceException.class)
                .hasMessage("redis-server not found: install it with `apt-get install redis-server` or set "
                        + "REDIS_SERVER_BINARY");
    }

    @Test
    void azurite_notInstalled_saysRunNpmCi() {
        assertThatThrownBy(() -> LocalServices.start(LocalServices.Options.defaults()
                        .services(Service.AZURITE).repoRoot(dir)))
                .isInstanceOf(LocalServiceException.class)
                .hasMessageContaining("run `npm ci` at the repo root");
    }

    @Test
    void node_missing_saysInstallNode() {
        assertThatThrownBy(() -> LocalServices.start(LocalServices.Options.defaults()
                        .services(Service.AZURITE).environment(Map.of("PATH", dir.toString()))))
                .isInstanceOf(LocalServiceException.class)
                .hasMessageContaining("node not found");
    }

    @Test
    void failedStart_leavesNoTemporaryDirectory() {
        Map<String, String> env = Map.of("REDIS_SERVER_BINARY", "/nonexistent/redis-server");
        long before = countTempDirs();

        assertThatThrownBy(() -> LocalServices.start(LocalServices.Options.defaults()
                .services(Service.REDIS).environment(env)));

        assertThat(countTempDirs()).isLessThanOrEqualTo(before);
    }

    private static long countTempDirs() {
        try (var entries = java.nio.file.Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("aisaas-devhost-")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
