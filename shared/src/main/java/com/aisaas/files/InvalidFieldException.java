package com.aisaas.files;

import com.aisaas.common.ValidationException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A 400 that names the request field at fault: the problem's detail is {@code "<field>: <reason>"} and the
 * extension member {@code invalidParams} is {@code [{"name": field, "reason": reason}]} (RFC 9457 §3 style).
 */
public class InvalidFieldException extends ValidationException {

    private final String field;
    private final String reason;

    public InvalidFieldException(String field, String reason) {
        this(field, reason, null);
    }

    public InvalidFieldException(String field, String reason, Throwable cause) {
        super(Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(reason, "reason"), cause);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }

    @Override
    public Map<String, Object> extensions() {
        return Map.of("invalidParams", List.of(Map.of("name", field, "reason", reason)));
    }
}
