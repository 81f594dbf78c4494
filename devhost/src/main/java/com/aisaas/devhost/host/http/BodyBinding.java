package com.aisaas.devhost.host.http;

import com.aisaas.devhost.host.worker.BindingException;
import com.aisaas.devhost.host.worker.Json;
import com.aisaas.devhost.host.worker.Types;
import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Converts the request body to the {@code T} of a declared {@code HttpRequestMessage<T>}, following the Java worker
 * (docs/functions-host.md §1.4): a string body binds to String or, through Gson, to a POJO; a binary body binds to
 * {@code byte[]}, {@code Byte[]} or String ({@code new String(bytes, UTF-8)}); {@code Optional<X>} wraps. Without a
 * body only {@code Optional.empty()} is possible; binary to POJO fails the invocation. A string body bound to
 * {@code byte[]} or {@code Byte[]} is read by Gson as JSON: a JSON array of numbers gives those bytes, anything else
 * (plain text, a JSON object, {@code null}) fails the invocation before the function runs (§1.4.1).
 * A raw or {@code Object} {@code T} receives the body as it is (String or byte[]).
 */
final class BodyBinding {

    private enum Kind { STRING, BYTES, BOXED_BYTES, AS_IS, POJO }

    /** The worker's own Gson for JSON data: default settings ({@code RpcJsonDataSource.gson}). */
    private static final Gson WORKER_GSON = new Gson();

    private final Type target;
    private final Kind kind;
    private final boolean optional;

    private BodyBinding(Type target, Kind kind, boolean optional) {
        this.target = target;
        this.kind = kind;
        this.optional = optional;
    }

    /** Plans the conversion for a parameter declared as {@code requestType} ({@code HttpRequestMessage<...>}). */
    static BodyBinding forRequestType(Type requestType) {
        return forBodyType(Types.argumentOf(requestType, com.microsoft.azure.functions.HttpRequestMessage.class));
    }

    /** Plans the conversion straight to {@code body} (an {@code @HttpTrigger} parameter that is not a request). */
    static BodyBinding forBodyType(Type body) {
        boolean optional = Types.isOptional(body);
        Type target = optional ? Types.argumentOf(body, Optional.class) : body;
        Class<?> raw = Types.rawClass(target);
        Kind kind;
        if (raw == String.class) {
            kind = Kind.STRING;
        } else if (raw == byte[].class) {
            kind = Kind.BYTES;
        } else if (raw == Byte[].class) {
            kind = Kind.BOXED_BYTES;
        } else if (raw == Object.class) {
            kind = Kind.AS_IS;
        } else {
            kind = Kind.POJO;
        }
        return new BodyBinding(target, kind, optional);
    }

    /** @param raw null (no body), a String or a byte[] — see {@link RequestBodies#typed} */
    Object convert(Object raw) {
        if (raw == null) {
            if (optional) {
                return Optional.empty();
            }
            throw new BindingException("the request has no body, so it cannot bind to " + target.getTypeName()
                    + "; declare HttpRequestMessage<Optional<...>> for requests without a body");
        }
        Object value = raw instanceof byte[] ? fromBytes((byte[]) raw) : fromString((String) raw);
        return optional ? Optional.ofNullable(value) : value;
    }

    private Object fromString(String body) {
        switch (kind) {
            case STRING:
            case AS_IS:
                return body;
            case POJO:
                try {
                    return Json.GSON.fromJson(body, target);
                } catch (JsonParseException e) {
                    throw new BindingException("cannot convert the request body to " + target.getTypeName() + ": " + e.getMessage(), e);
                }
            case BYTES:
            case BOXED_BYTES:
                return bytesFromJson(body);
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    /**
     * The worker has no string-to-bytes conversion: it hands the text to a plain Gson as JSON for the array type, and
     * fails the binding when that gives nothing (docs/functions-host.md §1.4.1).
     */
    private Object bytesFromJson(String body) {
        Object bytes;
        try {
            bytes = WORKER_GSON.fromJson(body, Types.rawClass(target));
        } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
            throw new BindingException(textToBytes() + ": " + e.getMessage(), e);
        }
        if (bytes == null) {
            throw new BindingException(textToBytes() + ": the body reads as JSON null");
        }
        return bytes;
    }

    private String textToBytes() {
        return "a text body binds to " + target.getTypeName() + " only as a JSON array of numbers"
                + " (application/octet-stream and multipart/* bodies are binary)";
    }

    private Object fromBytes(byte[] body) {
        switch (kind) {
            case BYTES:
            case AS_IS:
                return body;
            case BOXED_BYTES: {
                Byte[] boxed = new Byte[body.length];
                for (int i = 0; i < body.length; i++) {
                    boxed[i] = body[i];
                }
                return boxed;
            }
            case STRING:
                return new String(body, StandardCharsets.UTF_8);
            default:
                throw new BindingException("a binary body cannot bind to " + target.getTypeName());
        }
    }
}
