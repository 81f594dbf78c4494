package com.aisaas.devhost.services;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Finding programs the way a shell does. */
final class Executables {
    private Executables() {
    }

    /** The first executable file named {@code name} on {@code PATH} from {@code env}. */
    static Optional<Path> onPath(String name, Map<String, String> env) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * A program named by the environment variable {@code variable} if set (it must exist), else {@code name}
     * on PATH, else an exception with {@code missingHint}.
     */
    static Path resolve(String name, String variable, Map<String, String> env, String missingHint) {
        String explicit = env.get(variable);
        if (explicit != null && !explicit.isBlank()) {
            Path path = Path.of(explicit.trim());
            if (path.getNameCount() == 1 && !path.isAbsolute()) {
                return onPath(path.toString(), env).orElseThrow(() -> new LocalServiceException(
                        variable + "=" + explicit + " is not on PATH. " + missingHint));
            }
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw new LocalServiceException(variable + "=" + explicit
                        + " does not exist or is not executable. " + missingHint);
            }
            return path;
        }
        return onPath(name, env).orElseThrow(() -> new LocalServiceException(missingHint));
    }

    /** Whether the command line mentions every space-separated word of {@code marker}. */
    static boolean mentions(String commandLine, String marker) {
        for (String word : marker.split(" ")) {
            if (!word.isEmpty() && !commandLine.contains(word)) {
                return false;
            }
        }
        return true;
    }
}
