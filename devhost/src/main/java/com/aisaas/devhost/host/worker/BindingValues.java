package com.aisaas.devhost.host.worker;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code @BindingName("x")} parameters: the trigger's binding data value (HTTP: route value, a string) converted to
 * the declared type — String, primitives and their boxes, UUID, BigDecimal, enums, {@code Optional<X>}, else JSON via
 * Gson. A missing value is null (or {@code Optional.empty()}); for a primitive the invocation fails.
 */
final class BindingValues {

    private BindingValues() {
    }

    static ParameterBinder binder(String name, Type declared) {
        boolean optional = Types.isOptional(declared);
        Type target = optional ? Types.argumentOf(declared, Optional.class) : declared;
        Class<?> raw = Types.rawClass(target);
        Function<String, Object> converter = converter(target, raw);
        return (context, input) -> {
            Object value = input.bindingData(name);
            if (value == null) {
                if (optional) {
                    return Optional.empty();
                }
                if (raw.isPrimitive()) {
                    throw new BindingException("no value for binding '" + name + "' of primitive type " + raw.getName());
                }
                return null;
            }
            Object converted;
            if (!(value instanceof String) && raw.isInstance(value)) {
                converted = value;
            } else {
                try {
                    converted = converter.apply(value.toString());
                } catch (RuntimeException e) {
                    throw new BindingException("cannot convert binding '" + name + "' to " + target.getTypeName() + ": " + e.getMessage(), e);
                }
            }
            return optional ? Optional.ofNullable(converted) : converted;
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Function<String, Object> converter(Type target, Class<?> raw) {
        if (raw == String.class || raw == Object.class || raw == CharSequence.class) {
            return s -> s;
        }
        if (raw == int.class || raw == Integer.class) {
            return Integer::valueOf;
        }
        if (raw == long.class || raw == Long.class) {
            return Long::valueOf;
        }
        if (raw == short.class || raw == Short.class) {
            return Short::valueOf;
        }
        if (raw == byte.class || raw == Byte.class) {
            return Byte::valueOf;
        }
        if (raw == double.class || raw == Double.class) {
            return Double::valueOf;
        }
        if (raw == float.class || raw == Float.class) {
            return Float::valueOf;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return s -> {
                if ("true".equalsIgnoreCase(s) || "false".equalsIgnoreCase(s)) {
                    return Boolean.valueOf(s);
                }
                throw new IllegalArgumentException("not a boolean: " + s);
            };
        }
        if (raw == UUID.class) {
            return s -> UUID.fromString(stripBraces(s));
        }
        if (raw == BigDecimal.class) {
            return BigDecimal::new;
        }
        if (raw.isEnum()) {
            Class<? extends Enum> enumType = (Class<? extends Enum>) raw;
            return s -> Enum.valueOf(enumType, s);
        }
        return s -> Json.GSON.fromJson(s, target);
    }

    /** Accepts 32-digit and braced/parenthesised GUIDs, which the {@code guid} route constraint lets through. */
    private static String stripBraces(String text) {
        String s = text;
        if (s.length() == 38 && (s.charAt(0) == '{' || s.charAt(0) == '(')) {
            s = s.substring(1, 37);
        }
        if (s.length() == 32 && s.indexOf('-') < 0) {
            s = s.substring(0, 8) + '-' + s.substring(8, 12) + '-' + s.substring(12, 16) + '-' + s.substring(16, 20) + '-' + s.substring(20);
        }
        return s;
    }
}
