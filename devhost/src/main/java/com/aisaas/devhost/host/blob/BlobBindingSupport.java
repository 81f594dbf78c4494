package com.aisaas.devhost.host.blob;

import com.aisaas.devhost.host.storage.StorageClients;
import com.aisaas.devhost.host.worker.BindingException;
import com.aisaas.devhost.host.worker.BindingExpression;
import com.aisaas.devhost.host.worker.BindingMetadata;
import com.aisaas.devhost.host.worker.BindingSupport;
import com.aisaas.devhost.host.worker.Json;
import com.aisaas.devhost.host.worker.ParameterBinder;
import com.aisaas.devhost.host.worker.TriggerInput;
import com.aisaas.devhost.host.worker.Types;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.google.gson.JsonParseException;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Blob input and output bindings ({@code "type": "blob"}, {@code @BlobInput} / {@code @BlobOutput}; docs/functions-host.md
 * §8). The {@code path} is a binding expression ({@code container/{name}-{rand-guid}}, {@code %Setting%}) evaluated per
 * invocation against the trigger's binding data; {@code connection} is resolved as the host resolves it
 * ({@link StorageClients#connectionString}; the Maven plugin copies {@code @StorageAccount} into it).
 *
 * <p>Input: {@code byte[]}, {@code String} (UTF-8), any other type through Gson from that text, {@code Optional<X>} of
 * those; {@code BlobClient} / {@code BlobContainerClient} get an SDK client of the app's own SDK (§6). A blob that does
 * not exist binds null, as in the host. Output ({@code OutputBinding<T>} or a {@code $return} binding): {@code byte[]}
 * as is, {@code String} as UTF-8, other values as Gson JSON; the container is created when missing and the blob
 * overwritten, after the function returned successfully.
 */
public final class BlobBindingSupport implements BindingSupport {

    public static final String TYPE = "blob";

    private final Map<String, String> environment;
    private final StorageClients storage;
    private final SdkBlobClients sdk;
    private final Clock clock;
    private final Map<String, Boolean> containersCreated = new ConcurrentHashMap<>();

    public BlobBindingSupport(Map<String, String> environment) {
        this.environment = environment;
        this.storage = new StorageClients(environment);
        this.sdk = new SdkBlobClients(environment, storage);
        this.clock = Clock.systemUTC();
    }

    @Override
    public String bindingType() {
        return TYPE;
    }

    @Override
    public ParameterBinder input(Parameter parameter, BindingMetadata binding) {
        BindingExpression path = BindingExpression.parse(binding.property("path"), environment);
        String connection = binding.property("connection");
        Class<?> type = parameter.getType();
        if (SdkBlobClients.isSdkType(type)) {
            boolean container = type.getName().equals(SdkBlobClients.CONTAINER_CLIENT);
            return (context, input) -> {
                BlobPath blob = BlobPath.of(path.evaluate(input, clock.instant()), container);
                return sdk.client(type, connection, blob.container(), blob.name());
            };
        }
        Type declared = parameter.getParameterizedType();
        boolean optional = Types.isOptional(declared);
        Type target = optional ? Types.argumentOf(declared, Optional.class) : declared;
        Class<?> raw = Types.rawClass(target);
        if (raw.isPrimitive()) {
            throw new IllegalArgumentException("a blob input cannot bind to " + raw.getName());
        }
        boolean text = raw == String.class || raw == Object.class || raw == CharSequence.class;
        return (context, input) -> {
            byte[] content = read(connection, BlobPath.of(path.evaluate(input, clock.instant()), false));
            Object value;
            if (content == null) {
                value = null;
            } else if (raw == byte[].class) {
                value = content;
            } else if (raw == Byte[].class) {
                Byte[] boxed = new Byte[content.length];
                for (int i = 0; i < content.length; i++) {
                    boxed[i] = content[i];
                }
                value = boxed;
            } else if (text) {
                value = new String(content, StandardCharsets.UTF_8);
            } else {
                try {
                    value = Json.GSON.fromJson(new String(content, StandardCharsets.UTF_8), target);
                } catch (JsonParseException e) {
                    throw new BindingException("cannot convert the blob content to " + target.getTypeName() + ": " + e.getMessage(), e);
                }
            }
            return optional ? Optional.ofNullable(value) : value;
        };
    }

    @Override
    public OutputWriter output(BindingMetadata binding, Type valueType) {
        BindingExpression path = BindingExpression.parse(binding.property("path"), environment);
        String connection = binding.property("connection");
        Class<?> raw = Types.rawClass(valueType);
        if (SdkBlobClients.isSdkType(raw) || raw.isPrimitive()) {
            throw new IllegalArgumentException("a blob output cannot take " + valueType.getTypeName()
                    + "; declare OutputBinding<byte[]>, OutputBinding<String> or a POJO");
        }
        return (value, input, now) -> write(connection, BlobPath.of(path.evaluate(input, now), false), content(value));
    }

    static byte[] content(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof Byte[] boxed) {
            byte[] bytes = new byte[boxed.length];
            for (int i = 0; i < boxed.length; i++) {
                bytes[i] = boxed[i] == null ? 0 : boxed[i];
            }
            return bytes;
        }
        if (value instanceof CharSequence text) {
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }
        return Json.GSON.toJson(value).getBytes(StandardCharsets.UTF_8);
    }

    private BlobServiceClient account(String connection) {
        return storage.forConnection(connection).orElseThrow(() -> new BindingException(
                "blob binding: " + storage.describeMissing(connection)));
    }

    /** The content, or null when the blob does not exist. */
    private byte[] read(String connection, BlobPath path) {
        BlobClient blob = account(connection).getBlobContainerClient(path.container()).getBlobClient(path.name());
        BlobProperties properties;
        try {
            properties = blob.getProperties();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return null;
            }
            throw new BindingException("cannot read blob '" + path + "': " + e.getMessage(), e);
        }
        return BlobContent.read(blob, properties);
    }

    private void write(String connection, BlobPath path, byte[] content) {
        BlobServiceClient account = account(connection);
        BlobContainerClient container = account.getBlobContainerClient(path.container());
        String key = (connection == null ? "" : connection) + "|" + path.container();
        if (!containersCreated.containsKey(key)) {
            container.createIfNotExists();
            containersCreated.put(key, Boolean.TRUE);
        }
        try {
            container.getBlobClient(path.name()).uploadWithResponse(
                    new BlobParallelUploadOptions(BinaryData.fromBytes(content)), null, null);
        } catch (BlobStorageException e) {
            throw new BindingException("cannot write blob '" + path + "': " + e.getMessage(), e);
        }
    }

    /** {@code container/name} of an evaluated path; a container alone only where a container client is bound. */
    record BlobPath(String container, String name) {

        static BlobPath of(String path, boolean containerOnly) {
            String trimmed = path.startsWith("/") ? path.substring(1) : path;
            int slash = trimmed.indexOf('/');
            if (containerOnly) {
                return new BlobPath(slash < 0 ? trimmed : trimmed.substring(0, slash), slash < 0 ? null : trimmed.substring(slash + 1));
            }
            if (slash <= 0 || slash == trimmed.length() - 1) {
                throw new BindingException("blob path '" + path + "' must be <container>/<blob>");
            }
            return new BlobPath(trimmed.substring(0, slash), trimmed.substring(slash + 1));
        }

        @Override
        public String toString() {
            return container + "/" + name;
        }
    }
}
