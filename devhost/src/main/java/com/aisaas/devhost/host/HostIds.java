package com.aisaas.devhost.host;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The host id that names the host's storage artifacts (blob receipts, watcher state): {@code AzureFunctionsWebHost__hostid}
 * when set, as in the real host; otherwise the app folder's name, lower-cased, reduced to {@code [a-z0-9-]} and at most
 * 32 characters — so every devhost running the same package shares it (and two instances on one Azurite dedupe).
 */
final class HostIds {

    static final String HOST_ID_SETTING = "AzureFunctionsWebHost__hostid";
    private static final int MAX_LENGTH = 32;

    private HostIds() {
    }

    static String of(Path appDir, Map<String, String> environment) {
        String configured = environment.get(HOST_ID_SETTING);
        String source = configured != null && !configured.isBlank() ? configured
                : appDir.toAbsolutePath().normalize().getFileName() == null ? "devhost"
                : appDir.toAbsolutePath().normalize().getFileName().toString();
        String id = source.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-{2,}", "-");
        if (id.length() > MAX_LENGTH) {
            id = id.substring(0, MAX_LENGTH);
        }
        id = id.replaceAll("^-+|-+$", "");
        return id.isEmpty() ? "devhost" : id;
    }
}
