package com.aisaas.secrets;

import com.aisaas.common.DependencyException;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.rest.PagedResponse;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads secrets. Secret names are Key Vault style ({@code db-password}); each has a fallback setting named
 * in UPPER_SNAKE ({@code DB_PASSWORD}).
 *
 * <ul>
 *   <li>With a vault configured (KEYVAULT_URI) a secret is read from it through the SDK
 *       (DefaultAzureCredential: the managed identity in Azure, AZURE_CLIENT_ID for a user-assigned one);
 *       a secret the vault does not have falls back to the setting.</li>
 *   <li>Without a vault, the setting's value is the secret.</li>
 *   <li>A setting whose value is still a Key Vault reference ({@code @Microsoft.KeyVault(...)}) is resolved
 *       through the SDK against the vault the reference names.</li>
 * </ul>
 * Every value read from a vault is cached for SECRET_CACHE_TTL_SECONDS, so a rotated secret is picked up
 * after at most that long, without a restart (0 disables the cache). When the vault cannot be reached
 * and an expired value is still cached, that value is used (and a warning logged) rather than failing.
 * Values are never logged.
 */
public final class SecretResolver {

    private static final Logger log = LoggerFactory.getLogger(SecretResolver.class);
    private static final Pattern SECRET_NAME = Pattern.compile("[0-9A-Za-z-]{1,127}");
    static final String COMPONENT = "keyvault";

    private final Map<String, String> env;
    private final Optional<URI> vaultUri;
    private final Duration ttl;
    private final Function<URI, SecretClient> clientFactory;
    private final Clock clock;
    private final Map<URI, SecretClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /**
     * @param env the settings (fallback values and Key Vault references)
     * @param vaultUri KEYVAULT_URI, empty when no vault is configured
     * @param ttl how long a value read from a vault is reused
     * @param clientFactory builds the SDK client for a vault URL (called at most once per vault, lazily)
     */
    public SecretResolver(Map<String, String> env, Optional<URI> vaultUri, Duration ttl,
                          Function<URI, SecretClient> clientFactory, Clock clock) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.vaultUri = Objects.requireNonNull(vaultUri, "vaultUri");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clientFactory = Objects.requireNonNull(clientFactory, "clientFactory");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The SDK clients the app reads vaults with: one per vault URL, authenticated with {@code credential} (asked for
     * the first time a vault is used) through Key Vault's bearer challenge, on {@code httpClient}, with two quick
     * retries (a secret read sits on a request's or a cold start's path).
     */
    public static Function<URI, SecretClient> vaultClients(Supplier<? extends TokenCredential> credential,
                                                           Supplier<? extends HttpClient> httpClient) {
        RetryOptions retry = new RetryOptions(new ExponentialBackoffOptions()
                .setMaxRetries(2).setBaseDelay(Duration.ofMillis(200)).setMaxDelay(Duration.ofSeconds(2)));
        return vault -> new SecretClientBuilder()
                .vaultUrl(vault.toString())
                .credential(credential.get())
                .httpClient(httpClient.get())
                .retryOptions(retry)
                .buildClient();
    }

    /** {@code db-password} → {@code DB_PASSWORD}. */
    public static String settingName(String secretName) {
        return secretName.replace('-', '_').toUpperCase(Locale.ROOT);
    }

    public boolean vaultConfigured() {
        return vaultUri.isPresent();
    }

    /**
     * The secret's value: from the vault when configured, else (or when the vault lacks it) from the setting
     * {@link #settingName(String)}; empty when neither has a non-empty value.
     *
     * @throws DependencyException ("keyvault") when a vault must be asked and cannot answer
     */
    public Optional<String> find(String secretName) {
        if (!SECRET_NAME.matcher(secretName).matches()) {
            throw new IllegalArgumentException("not a Key Vault secret name: " + secretName);
        }
        if (vaultUri.isPresent()) {
            Optional<String> fromVault = fromVault(new KeyVaultReference(vaultUri.get(), secretName, Optional.empty()));
            if (fromVault.isPresent()) {
                return fromVault;
            }
        }
        return setting(settingName(secretName));
    }

    /** Like {@link #find(String)} but the secret must exist. */
    public String require(String secretName) {
        return find(secretName).orElseThrow(() -> new DependencyException(COMPONENT, false,
                "secret " + secretName + " is not configured (Key Vault or setting " + settingName(secretName) + ")"));
    }

    /**
     * A setting's value with a Key Vault reference resolved; empty when the setting is absent or blank.
     *
     * @throws DependencyException when the value is a reference that is malformed or cannot be resolved
     */
    public Optional<String> setting(String settingName) {
        String value = env.get(settingName);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Optional<KeyVaultReference> reference;
        try {
            reference = KeyVaultReference.parse(value);
        } catch (IllegalArgumentException e) {
            throw new DependencyException(COMPONENT, false, "setting " + settingName + ": " + e.getMessage());
        }
        if (reference.isEmpty()) {
            return Optional.of(value);
        }
        Optional<String> resolved = fromVault(reference.get());
        if (resolved.isEmpty()) {
            throw new DependencyException(COMPONENT, false, "setting " + settingName
                    + " references secret " + reference.get().secretName() + " which the vault does not have");
        }
        return resolved;
    }

    /**
     * Checks that the configured vault answers: reads {@code probeSecret} when given (uncached), else lists
     * one page of secret properties. Returns details for the health report.
     *
     * @throws DependencyException when it does not answer, or IllegalStateException when no vault is configured
     */
    public Map<String, Object> probe(Optional<String> probeSecret) {
        URI vault = vaultUri.orElseThrow(() -> new IllegalStateException("no Key Vault configured"));
        SecretClient client = client(vault);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("vault", vault.getHost());
        try {
            if (probeSecret.isPresent()) {
                client.getSecret(probeSecret.get());
                details.put("probe", "secret " + probeSecret.get() + " read");
            } else {
                Iterator<PagedResponse<SecretProperties>> pages =
                        client.listPropertiesOfSecrets().iterableByPage(1).iterator();
                if (pages.hasNext()) {
                    pages.next();
                }
                details.put("probe", "listed secret properties");
            }
        } catch (RuntimeException e) {
            throw translate(e, probeSecret.map(n -> "read secret " + n).orElse("list secrets"));
        }
        return details;
    }

    private Optional<String> fromVault(KeyVaultReference reference) {
        String key = reference.vaultUri() + "|" + reference.secretName() + "|" + reference.version().orElse("");
        Instant now = clock.instant();
        Cached cached = cache.get(key);
        if (cached != null && now.isBefore(cached.expiresAt)) {
            return cached.value;
        }
        Optional<String> value;
        try {
            KeyVaultSecret secret = client(reference.vaultUri())
                    .getSecret(reference.secretName(), reference.version().orElse(null));
            value = Optional.ofNullable(secret == null ? null : secret.getValue()).filter(v -> !v.isEmpty());
            log.debug("read secret {} from {}", reference.secretName(), reference.vaultUri().getHost());
        } catch (ResourceNotFoundException e) {
            log.debug("secret {} not found in {}", reference.secretName(), reference.vaultUri().getHost());
            value = Optional.empty();
        } catch (RuntimeException e) {
            DependencyException failure = translate(e, "read secret " + reference.secretName());
            if (cached != null) {
                log.warn("Key Vault unavailable ({}); using the cached value of secret {} fetched at {}",
                        failure.getMessage(), reference.secretName(), cached.fetchedAt);
                return cached.value;
            }
            throw failure;
        }
        if (!ttl.isZero()) {
            cache.put(key, new Cached(value, now, now.plus(ttl)));
        }
        return value;
    }

    private SecretClient client(URI vault) {
        return clients.computeIfAbsent(vault, clientFactory);
    }

    private static DependencyException translate(RuntimeException e, String operation) {
        if (e instanceof DependencyException d) {
            return d;
        }
        boolean retryable = true;
        if (e instanceof ClientAuthenticationException) {
            retryable = false;
        } else if (e instanceof HttpResponseException http && http.getResponse() != null) {
            int status = http.getResponse().getStatusCode();
            retryable = status == 408 || status == 429 || status >= 500;
        }
        return new DependencyException(COMPONENT, retryable, operation + " failed: " + summary(e), e);
    }

    private static String summary(Throwable e) {
        if (e instanceof HttpResponseException http && http.getResponse() != null) {
            return "HTTP " + http.getResponse().getStatusCode();
        }
        return e.getClass().getSimpleName();
    }

    private record Cached(Optional<String> value, Instant fetchedAt, Instant expiresAt) {
    }
}
