package com.aisaas.devhost.host.http;

import java.util.Locale;

/** {@code authLevel} of an httpTrigger binding, matched case-insensitively; FUNCTION when absent (docs/functions-host.md §1). */
public enum AuthLevel {
    ANONYMOUS, FUNCTION, ADMIN;

    static AuthLevel parse(String text) {
        if (text == null || text.isBlank()) {
            return FUNCTION;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown authLevel '" + text + "' (expected ANONYMOUS, FUNCTION or ADMIN)", e);
        }
    }
}
