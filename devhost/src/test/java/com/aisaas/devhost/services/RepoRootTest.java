package com.aisaas.devhost.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoRootTest {
    @TempDir
    Path dir;

    @Test
    void locate_walksUpToTheDirectoryWithPackageJsonAndHostJson() throws IOException {
        Files.writeString(dir.resolve("package.json"), "{}");
        Files.writeString(dir.resolve("host.json"), "{}");
        Path nested = Files.createDirectories(dir.resolve("shared/src/test"));
        Files.writeString(dir.resolve("shared/package.json"), "{}"); // no host.json next to it: not the root

        assertThat(RepoRoot.locate(nested, null)).contains(dir.toAbsolutePath().normalize());
    }

    @Test
    void locate_withoutMarkers_isEmpty() throws IOException {
        Path nested = Files.createDirectories(dir.resolve("a/b"));

        assertThat(RepoRoot.locate(nested, null)).isEmpty();
    }

    @Test
    void locate_overrideWins() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));

        assertThat(RepoRoot.locate(Path.of("."), elsewhere.toString())).contains(elsewhere);
        assertThatThrownBy(() -> RepoRoot.locate(Path.of("."), dir.resolve("missing").toString()))
                .hasMessageContaining(RepoRoot.OVERRIDE);
    }

    @Test
    void find_fromTheDevhostModule_isTheRepository() {
        assertThat(RepoRoot.find().resolve("host.json")).exists();
    }
}
