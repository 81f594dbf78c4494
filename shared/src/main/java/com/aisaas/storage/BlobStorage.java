package com.aisaas.storage;

import com.aisaas.common.DependencyException;
import com.aisaas.config.StorageSettings;
import com.aisaas.secrets.SecretResolver;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's Blob Storage client for uploads, built once: from the connection string in
 * {@code UploadsStorage} (local, Azurite; it may be a Key Vault reference) or from
 * {@code UploadsStorage__blobServiceUri} with DefaultAzureCredential (managed identity; no shared key).
 * It runs on the JDK HTTP client (no Netty).
 */
public final class BlobStorage {

    public static final String COMPONENT = "blob";
    /** The container the uploads live in ({@code uploaded-files/<tenant>/<owner>/<fileId>/<name>}). */
    public static final String UPLOADS_CONTAINER = "uploaded-files";

    private static final Logger log = LoggerFactory.getLogger(BlobStorage.class);

    private final BlobServiceClient service;

    public BlobStorage(BlobServiceClient service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * @param httpClient the shared JDK-based Azure HTTP client
     * @param credential supplies DefaultAzureCredential (called only for the identity-based connection)
     */
    public static BlobStorage connect(StorageSettings settings, SecretResolver secrets, HttpClient httpClient,
                                      Supplier<TokenCredential> credential) {
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
                .httpClient(httpClient)
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 3, 30, 200L, 2000L, null));
        if (settings.usesManagedIdentity()) {
            builder.endpoint(settings.blobServiceUri().get().toString()).credential(credential.get());
            log.info("blob storage at {} with DefaultAzureCredential", settings.blobServiceUri().get());
        } else {
            String connectionString = secrets.setting(StorageSettings.CONNECTION)
                    .orElseThrow(() -> new DependencyException(COMPONENT, false, "UploadsStorage is empty"));
            builder.connectionString(connectionString);
            log.info("blob storage from the UploadsStorage connection string");
        }
        return new BlobStorage(builder.buildClient());
    }

    public BlobServiceClient service() {
        return service;
    }

    public BlobContainerClient uploads() {
        return service.getBlobContainerClient(UPLOADS_CONTAINER);
    }

    /**
     * Checks that the account answers for the uploads container (needs only data-plane read on that
     * container, not account-level rights). Returns details for the health report.
     */
    public Map<String, Object> probe(Duration timeout) {
        try {
            boolean exists = uploads().existsWithResponse(timeout, Context.NONE).getValue();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("account", service.getAccountName());
            details.put("container", UPLOADS_CONTAINER);
            details.put("containerExists", exists);
            return details;
        } catch (RuntimeException e) {
            throw translate(e, "check container " + UPLOADS_CONTAINER);
        }
    }

    /**
     * Makes sure {@code container} exists; true when this call created it. A container that exists is only read
     * (Get Container Properties), never created again: in Azure the deployment provisions every container and the
     * app's identity holds data roles scoped to single containers, which allow reading a container's properties;
     * creating one is left to where it is missing (a new local account).
     *
     * @throws DependencyException ("blob") when it can be neither read nor created
     */
    public static boolean ensureExists(BlobContainerClient container) {
        try {
            return !container.exists() && container.createIfNotExists();
        } catch (RuntimeException e) {
            throw translate(e, "create container " + container.getBlobContainerName());
        }
    }

    /** Blob SDK failures as {@link DependencyException} ("blob"); auth and 4xx other than 408/429 are not retryable. */
    public static DependencyException translate(RuntimeException e, String operation) {
        if (e instanceof DependencyException d) {
            return d;
        }
        boolean retryable = true;
        String summary = e.getClass().getSimpleName();
        if (e instanceof ClientAuthenticationException) {
            retryable = false;
        } else if (e instanceof HttpResponseException http && http.getResponse() != null) {
            int status = http.getResponse().getStatusCode();
            retryable = status == 408 || status == 429 || status >= 500;
            summary = "HTTP " + status;
        } else if (e.getCause() != null) {
            summary = summary + " (" + e.getCause().getClass().getSimpleName() + ")";
        }
        return new DependencyException(COMPONENT, retryable, operation + " failed: " + summary, e);
    }
}
