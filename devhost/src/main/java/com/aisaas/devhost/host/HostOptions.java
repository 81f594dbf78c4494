package com.aisaas.devhost.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link FunctionsHost} runs: which packaged app, where it listens, which keys it accepts and its limits.
 *
 * @param appDir               the package folder ({@code <FunctionName>/function.json}, {@code host.json}, jar, {@code lib/})
 * @param bindHost             interface to listen on; {@code null} = all interfaces
 * @param port                 port to listen on; 0 = any free port (see {@link FunctionsHost#port()})
 * @param functionKey          key accepted for FUNCTION-level functions ({@code DEVHOST_FUNCTION_KEY}); null/blank = none
 * @param masterKey            key accepted for every level, the only one for ADMIN ({@code DEVHOST_MASTER_KEY}); null/blank = none
 * @param maxRequestBodyBytes  larger bodies get 413 (docs/functions-host.md §1.3; {@code FUNCTIONS_REQUEST_BODY_SIZE_LIMIT})
 * @param drainTimeout         how long {@link FunctionsHost#close()} waits for running invocations
 * @param environment          the app settings as the host sees them (connection settings of blob triggers, system keys,
 *                             {@code DEVHOST_EVENT_*}); never printed
 */
public record HostOptions(Path appDir, String bindHost, int port, String functionKey, String masterKey,
                          long maxRequestBodyBytes, Duration drainTimeout, Map<String, String> environment) {

    public static final int DEFAULT_PORT = 7071;
    /** The real host's default (ScriptConstants.DefaultMaxRequestBodySize), docs/functions-host.md §1. */
    public static final long DEFAULT_MAX_REQUEST_BODY_BYTES = 104_857_600L;
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    public static final String FUNCTION_KEY_ENV = "DEVHOST_FUNCTION_KEY";
    public static final String MASTER_KEY_ENV = "DEVHOST_MASTER_KEY";
    public static final String BODY_LIMIT_ENV = "FUNCTIONS_REQUEST_BODY_SIZE_LIMIT";

    public HostOptions {
        Objects.requireNonNull(appDir, "appDir");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        environment = environment == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxRequestBodyBytes < 0) {
            throw new IllegalArgumentException("maxRequestBodyBytes must not be negative: " + maxRequestBodyBytes);
        }
    }

    /** Defaults: all interfaces, port 7071, no keys, 100 MiB body limit, 30 s drain, no settings. */
    public static HostOptions of(Path appDir) {
        return new HostOptions(appDir, null, DEFAULT_PORT, null, null, DEFAULT_MAX_REQUEST_BODY_BYTES, DEFAULT_DRAIN_TIMEOUT, Map.of());
    }

    /**
     * Reads the keys and the body limit from an environment map ({@code DEVHOST_FUNCTION_KEY}, {@code DEVHOST_MASTER_KEY},
     * {@code FUNCTIONS_REQUEST_BODY_SIZE_LIMIT}).
     */
    public static HostOptions fromEnvironment(Path appDir, int port, Map<String, String> env) {
        long limit = DEFAULT_MAX_REQUEST_BODY_BYTES;
        String limitText = env.get(BODY_LIMIT_ENV);
        if (limitText != null && !limitText.isBlank()) {
            try {
                limit = Long.parseLong(limitText.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(BODY_LIMIT_ENV + " must be a number of bytes, was: " + limitText, e);
            }
        }
        return of(appDir).withPort(port).withKeys(env.get(FUNCTION_KEY_ENV), env.get(MASTER_KEY_ENV)).withMaxRequestBodyBytes(limit)
                .withEnvironment(env);
    }

    public HostOptions withPort(int newPort) {
        return new HostOptions(appDir, bindHost, newPort, functionKey, masterKey, maxRequestBodyBytes, drainTimeout, environment);
    }

    public HostOptions withBindHost(String newBindHost) {
        return new HostOptions(appDir, newBindHost, port, functionKey, masterKey, maxRequestBodyBytes, drainTimeout, environment);
    }

    public HostOptions withKeys(String newFunctionKey, String newMasterKey) {
        return new HostOptions(appDir, bindHost, port, newFunctionKey, newMasterKey, maxRequestBodyBytes, drainTimeout, environment);
    }

    public HostOptions withMaxRequestBodyBytes(long newLimit) {
        return new HostOptions(appDir, bindHost, port, functionKey, masterKey, newLimit, drainTimeout, environment);
    }

    public HostOptions withDrainTimeout(Duration newTimeout) {
        return new HostOptions(appDir, bindHost, port, functionKey, masterKey, maxRequestBodyBytes, newTimeout, environment);
    }

    /** The app settings (environment) the host reads for triggers other than HTTP; replaces the current ones. */
    public HostOptions withEnvironment(Map<String, String> newEnvironment) {
        return new HostOptions(appDir, bindHost, port, functionKey, masterKey, maxRequestBodyBytes, drainTimeout, newEnvironment);
    }

    /** One setting, or null when absent or blank. */
    String setting(String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Never prints the keys. */
    @Override
    public String toString() {
        return "HostOptions[appDir=" + appDir + ", bindHost=" + bindHost + ", port=" + port
                + ", functionKey=" + (isSet(functionKey) ? "***" : "none") + ", masterKey=" + (isSet(masterKey) ? "***" : "none")
                + ", maxRequestBodyBytes=" + maxRequestBodyBytes + ", drainTimeout=" + drainTimeout
                + ", environment=" + environment.size() + " settings]";
    }

    static boolean isSet(String key) {
        return key != null && !key.isBlank();
    }
}
