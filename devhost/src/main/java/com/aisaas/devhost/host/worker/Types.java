package com.aisaas.devhost.host.worker;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Optional;

/** Small helpers for declared parameter types. */
public final class Types {

    private Types() {
    }

    /** The first type argument of {@code type} if it is {@code raw<X>}; Object for a raw use or anything unresolved. */
    public static Type argumentOf(Type type, Class<?> raw) {
        if (type instanceof ParameterizedType) {
            ParameterizedType parameterized = (ParameterizedType) type;
            if (parameterized.getRawType() == raw && parameterized.getActualTypeArguments().length == 1) {
                return resolve(parameterized.getActualTypeArguments()[0]);
            }
        }
        return Object.class;
    }

    public static boolean isOptional(Type type) {
        return rawClass(type) == Optional.class;
    }

    public static Class<?> rawClass(Type type) {
        if (type instanceof Class) {
            return (Class<?>) type;
        }
        if (type instanceof ParameterizedType) {
            return (Class<?>) ((ParameterizedType) type).getRawType();
        }
        if (type instanceof GenericArrayType) {
            Class<?> component = rawClass(((GenericArrayType) type).getGenericComponentType());
            return java.lang.reflect.Array.newInstance(component, 0).getClass();
        }
        return Object.class;
    }

    private static Type resolve(Type type) {
        if (type instanceof WildcardType) {
            Type[] upper = ((WildcardType) type).getUpperBounds();
            return upper.length == 1 ? resolve(upper[0]) : Object.class;
        }
        if (type instanceof TypeVariable) {
            return Object.class;
        }
        return type;
    }
}
