package com.aisaas.devhost.services;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the repository root: the nearest directory, from the working directory upwards, that holds both
 * {@code package.json} and {@code host.json}. The system property or environment variable
 * {@value #OVERRIDE} names it explicitly (the system property wins).
 */
public final class RepoRoot {
    /** System property and environment variable that name the repository root. */
    public static final String OVERRIDE = "AISAAS_REPO_ROOT";

    private RepoRoot() {
    }

    /** The repository root, or an exception that says how to point at it. */
    public static Path find() {
        return locate().orElseThrow(() -> new LocalServiceException(
                "cannot find the repository root (a directory with package.json and host.json) above "
                        + Path.of("").toAbsolutePath() + "; set " + OVERRIDE + " (system property or environment)"));
    }

    /** The repository root if there is one. */
    public static Optional<Path> locate() {
        String override = System.getProperty(OVERRIDE);
        if (override == null || override.isBlank()) {
            override = System.getenv(OVERRIDE);
        }
        return locate(Path.of(""), override);
    }

    static Optional<Path> locate(Path start, String override) {
        if (override != null && !override.isBlank()) {
            Path root = Path.of(override).toAbsolutePath().normalize();
            if (!Files.isDirectory(root)) {
                throw new LocalServiceException(OVERRIDE + " points at " + root + ", which is not a directory");
            }
            return Optional.of(root);
        }
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("package.json")) && Files.isRegularFile(dir.resolve("host.json"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }
}
