package com.aisaas.devhost.host.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Function-key checks (docs/functions-host.md §1.2): the key comes from header {@code x-functions-key}, else from query
 * parameter {@code code} (the header wins even when it is wrong). FUNCTION accepts the function or the master key,
 * ADMIN only the master key. Keys are compared in constant time.
 */
public final class KeyAuthorizer {

    public static final String KEY_HEADER = "x-functions-key";
    public static final String KEY_QUERY = "code";

    private final byte[] functionKey;
    private final byte[] masterKey;

    public KeyAuthorizer(String functionKey, String masterKey) {
        this.functionKey = isSet(functionKey) ? functionKey.getBytes(StandardCharsets.UTF_8) : null;
        this.masterKey = isSet(masterKey) ? masterKey.getBytes(StandardCharsets.UTF_8) : null;
    }

    public boolean hasAnyKey() {
        return functionKey != null || masterKey != null;
    }

    /** {@code presented} is the header value if the header was sent, else the {@code code} query value, else null. */
    public boolean allows(AuthLevel level, String presented) {
        if (level == AuthLevel.ANONYMOUS) {
            return true;
        }
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        boolean master = matches(masterKey, candidate);
        if (level == AuthLevel.ADMIN) {
            return master;
        }
        boolean function = matches(functionKey, candidate);
        return master | function;
    }

    /**
     * System-key check of the extension webhooks (docs/functions-host.md §2): the extension's system key or the master key.
     *
     * @param systemKey the key of that extension ({@code eventgrid_extension}, {@code blobs_extension})
     */
    public boolean allowsSystem(String systemKey, String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        byte[] system = isSet(systemKey) ? systemKey.getBytes(StandardCharsets.UTF_8) : null;
        return matches(masterKey, candidate) | matches(system, candidate);
    }

    private static boolean matches(byte[] expected, byte[] candidate) {
        return expected != null && MessageDigest.isEqual(expected, candidate);
    }

    private static boolean isSet(String key) {
        return key != null && !key.isBlank();
    }
}
