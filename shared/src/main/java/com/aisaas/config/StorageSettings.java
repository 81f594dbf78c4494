package com.aisaas.config;

import java.net.URI;
import java.util.Optional;

/**
 * Blob Storage for uploads, following the Functions connection convention for the connection name
 * {@code UploadsStorage}: either a connection string in {@code UploadsStorage} (local, Azurite), or the
 * identity-based {@code UploadsStorage__blobServiceUri} used with DefaultAzureCredential (Azure; a
 * user-assigned identity is chosen with AZURE_CLIENT_ID). The same account's queue service holds the blob trigger's
 * poison queue: reached through the connection string's {@code QueueEndpoint}, or {@code UploadsStorage__queueServiceUri}
 * with the identity (empty: the poison queue is not read).
 */
public record StorageSettings(Optional<String> connectionString, Optional<URI> blobServiceUri,
                              Optional<URI> queueServiceUri) {

    public StorageSettings(Optional<String> connectionString, Optional<URI> blobServiceUri) {
        this(connectionString, blobServiceUri, Optional.empty());
    }

    public static final String CONNECTION = "UploadsStorage";

    public boolean usesManagedIdentity() {
        return blobServiceUri.isPresent();
    }

    @Override
    public String toString() {
        return "StorageSettings[connectionString=" + connectionString.map(c -> "***").orElse("-")
                + ", blobServiceUri=" + blobServiceUri.map(URI::toString).orElse("-")
                + ", queueServiceUri=" + queueServiceUri.map(URI::toString).orElse("-") + "]";
    }
}
