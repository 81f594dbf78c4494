package com.aisaas.devhost.host;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.aisaas.devhost.services.RepoRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Microsoft's published event payloads in {@code ../shared/fixtures/events} (next to the repository). Tests that use
 * them are skipped, with the reason, where that folder is absent.
 */
final class EventFixtures {

    private EventFixtures() {
    }

    static Path dir() {
        java.util.Optional<Path> root = RepoRoot.locate();
        assumeTrue(root.isPresent(), "no repository root found, so no ../shared/fixtures/events: skipped");
        Path dir = root.get().resolveSibling("shared").resolve("fixtures").resolve("events");
        assumeTrue(Files.isDirectory(dir), "the published event fixtures are not at " + dir + " (../shared/fixtures/events): skipped");
        return dir;
    }

    /** A fixture's text, e.g. {@code eventgrid/BlobCreated.PutBlockList.json}. */
    static String read(String relative) {
        Path file = dir().resolve(relative);
        assumeTrue(Files.isRegularFile(file), "fixture " + file + " is missing: skipped");
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
