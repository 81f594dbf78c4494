package com.aisaas.devhost.host.blob;

import com.aisaas.devhost.host.storage.StorageClients;
import com.aisaas.devhost.host.worker.BindingException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SDK-type binding of a blob trigger (docs/functions-host.md §6): a parameter of type {@code com.azure.storage.blob.BlobClient}
 * (or {@code BlobContainerClient}) receives a client for the triggering blob, built like azure-functions-java-sdktypes
 * does — from the function's {@code connection} setting, IN THE CLASS LOADER THAT DEFINES THE PARAMETER'S TYPE (the
 * app's own azure-storage-blob from {@code lib/}), by reflection, so the object is an instance of the very class the
 * method declares. The setting's value is a connection string; without it, {@code <connection>__blobServiceUri} (or
 * {@code __serviceUri}) with {@code DefaultAzureCredential} from the app's azure-identity. One service client per
 * (loader, connection) is kept.
 */
public final class SdkBlobClients {

    static final String BLOB_CLIENT = "com.azure.storage.blob.BlobClient";
    static final String CONTAINER_CLIENT = "com.azure.storage.blob.BlobContainerClient";

    private final Map<String, String> environment;
    private final StorageClients storage;
    private final Map<Key, Object> serviceClients = new ConcurrentHashMap<>();

    /** @param storage resolves the connection setting's name as the host does (AzureWebJobs prefix first) */
    SdkBlobClients(Map<String, String> environment, StorageClients storage) {
        this.environment = environment;
        this.storage = storage;
    }

    static boolean isSdkType(Class<?> type) {
        return type.getName().equals(BLOB_CLIENT) || type.getName().equals(CONTAINER_CLIENT);
    }

    /** A {@code BlobClient} or {@code BlobContainerClient} (per {@code type}) for the blob, as an instance of {@code type}. */
    Object client(Class<?> type, String connection, String container, String blobName) {
        ClassLoader loader = type.getClassLoader();
        try {
            Object service = serviceClients.computeIfAbsent(new Key(loader, connection), key -> buildService(loader, connection));
            Object containerClient = invoke(service, "getBlobContainerClient", container);
            if (type.getName().equals(CONTAINER_CLIENT)) {
                return containerClient;
            }
            return invoke(containerClient, "getBlobClient", blobName);
        } catch (ReflectiveOperationException | LinkageError e) {
            Throwable cause = e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e;
            throw new BindingException("cannot create a " + type.getSimpleName() + " for connection '" + connection + "': " + cause, cause);
        } catch (IllegalStateException e) {
            throw new BindingException(e.getMessage(), e.getCause() != null ? e.getCause() : e);
        }
    }

    private Object buildService(ClassLoader loader, String connection) {
        try {
            Class<?> builderType = Class.forName("com.azure.storage.blob.BlobServiceClientBuilder", true, loader);
            Object builder = builderType.getConstructor().newInstance();
            String connectionString = storage.connectionString(connection).orElse(null);
            if (connectionString != null) {
                builderType.getMethod("connectionString", String.class).invoke(builder, connectionString);
            } else {
                String uri = setting(connection + "__blobServiceUri");
                if (uri == null) {
                    uri = setting(connection + "__serviceUri");
                }
                if (uri == null) {
                    throw new IllegalStateException("connection setting '" + connection + "' is not set (nor " + connection
                            + "__blobServiceUri)");
                }
                builderType.getMethod("endpoint", String.class).invoke(builder, uri);
                Class<?> credentialBuilderType = Class.forName("com.azure.identity.DefaultAzureCredentialBuilder", true, loader);
                Object credentialBuilder = credentialBuilderType.getConstructor().newInstance();
                String clientId = setting(connection + "__clientId");
                if (clientId != null) {
                    credentialBuilderType.getMethod("managedIdentityClientId", String.class).invoke(credentialBuilder, clientId);
                }
                Object credential = credentialBuilderType.getMethod("build").invoke(credentialBuilder);
                Class<?> tokenCredential = Class.forName("com.azure.core.credential.TokenCredential", true, loader);
                builderType.getMethod("credential", tokenCredential).invoke(builder, credential);
            }
            return builderType.getMethod("buildClient").invoke(builder);
        } catch (ReflectiveOperationException | LinkageError e) {
            Throwable cause = e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot build a BlobServiceClient for connection '" + connection + "': " + cause, cause);
        }
    }

    private static Object invoke(Object target, String name, String argument) throws ReflectiveOperationException {
        Method method = target.getClass().getMethod(name, String.class);
        return method.invoke(target, argument);
    }

    private String setting(String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private record Key(ClassLoader loader, String connection) {
    }
}
