package com.aisaas.devhost.host.eventgrid;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * System keys of the extension webhooks ({@code eventgrid_extension}, {@code blobs_extension}; docs/functions-host.md §2, §3):
 * {@code DEVHOST_EVENTGRID_EXTENSION_KEY} / {@code DEVHOST_BLOBS_EXTENSION_KEY}. When one is not set the host makes a
 * random one for this run, as the real host creates missing system keys; the master key is accepted as well.
 */
public final class SystemKeys {

    public static final String EVENTGRID_KEY_ENV = "DEVHOST_EVENTGRID_EXTENSION_KEY";
    public static final String BLOBS_KEY_ENV = "DEVHOST_BLOBS_EXTENSION_KEY";

    private static final Logger LOG = LoggerFactory.getLogger(SystemKeys.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private SystemKeys() {
    }

    /** The configured key, or a generated one (logged without its value). */
    public static String resolve(Map<String, String> environment, String variable, String keyName) {
        String configured = environment.get(variable);
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        byte[] bytes = new byte[30];
        RANDOM.nextBytes(bytes);
        LOG.info("{} is not set: the {} webhook accepts a key generated for this run (or the master key)", variable, keyName);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
