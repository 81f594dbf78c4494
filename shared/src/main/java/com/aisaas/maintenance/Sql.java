package com.aisaas.maintenance;

import com.aisaas.common.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/** Small JDBC helpers of this package. */
final class Sql {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private Sql() {
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
