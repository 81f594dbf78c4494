package com.aisaas.functions;

import com.aisaas.common.PayloadTooLargeException;
import com.aisaas.common.UnsupportedMediaTypeException;
import com.aisaas.files.InvalidFieldException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Request bodies as JSON, strictly: unknown fields, wrong types (no "12" for a number, no 1.5 for an integer, no
 * number for a string), trailing data, duplicate keys, deep nesting and bodies over {@value #MAX_BYTES} bytes are
 * all 4xx problems that name the field — never a 500.
 */
final class JsonBodies {

    static final int MAX_BYTES = 64 * 1024;

    private static final ObjectMapper STRICT = JsonMapper.builder(new com.fasterxml.jackson.core.JsonFactoryBuilder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(16)
                            .maxStringLength(MAX_BYTES)
                            .maxNumberLength(32)
                            .build())
                    .build())
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, config -> config
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .build();

    private JsonBodies() {
    }

    /**
     * The body as a {@code type}.
     *
     * @param contentType the request's Content-Type (null: assume JSON)
     * @throws InvalidFieldException for a missing, malformed or mistyped body (400)
     * @throws UnsupportedMediaTypeException when the Content-Type is not JSON (415)
     * @throws PayloadTooLargeException when the body is over {@value #MAX_BYTES} bytes (413)
     */
    static <T> T read(String body, String contentType, Class<T> type) {
        if (contentType != null && !isJson(contentType)) {
            throw new UnsupportedMediaTypeException("Send the body as application/json.");
        }
        if (body == null || body.isBlank()) {
            throw new InvalidFieldException("body", "a JSON object is required");
        }
        if (body.length() > MAX_BYTES || body.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new PayloadTooLargeException("JSON bodies are limited to " + MAX_BYTES + " bytes.");
        }
        T value;
        try {
            value = STRICT.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidFieldException(path(e), "unknown field", e);
        } catch (InvalidFormatException e) {
            throw new InvalidFieldException(path(e), "expected " + describe(e.getTargetType()), e);
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw new InvalidFieldException(field, field.equals("body") ? "expected a JSON object"
                    : "expected " + describe(e.getTargetType()), e);
        } catch (StreamConstraintsException e) {
            throw new InvalidFieldException("body", "the JSON is nested too deeply or has an oversized value", e);
        } catch (JsonParseException e) {
            String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            if (message.startsWith("Duplicate field")) {
                throw new InvalidFieldException("body", "duplicate field", e);
            }
            throw new InvalidFieldException("body", "malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr(), e);
        } catch (JsonMappingException e) {
            throw new InvalidFieldException(path(e), "invalid value", e);
        } catch (JsonProcessingException e) {
            throw new InvalidFieldException("body", "malformed JSON", e);
        }
        if (value == null) {
            throw new InvalidFieldException("body", "a JSON object is required");
        }
        return value;
    }

    static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    /** {@code tags.team} / {@code items[2].name}; {@code body} for the root. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "body" : path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a JSON object";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        return "a " + type.getSimpleName();
    }
}
