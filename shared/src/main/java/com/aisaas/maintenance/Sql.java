package com.aisaas.maintenance;

import com.aisaas.common.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/** Small JDBC helpers of this package. */
final class Sql {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private Sql() {
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Map<String, Object> json(ResultSet rs, String column) throws SQLException {
        String value = rs.getString(column);
        if (value == null) {
            return Map.of();
        }
        try {
            return Json.mapper().readValue(value, MAP);
        } catch (JsonProcessingException e) {
            throw new SQLException("column " + column + " is not a JSON object", e);
        }
    }
}
