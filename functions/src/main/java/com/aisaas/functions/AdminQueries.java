package com.aisaas.functions;

import com.aisaas.common.NotFoundException;
import com.aisaas.common.ValidationException;

/** Query and path parameters of the admin endpoints. */
final class AdminQueries {

    private AdminQueries() {
    }

    /** {@code limit}: absent → {@code fallback}; otherwise 1..{@code max}. */
    static int limit(String value, int fallback, int max) {
        if (value == null) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ValidationException("limit must be a whole number from 1 to " + max);
    }

    /** {@code cursor}: the id the previous page ended with. */
    static java.util.Optional<Long> cursor(String value) {
        if (value == null) {
            return java.util.Optional.empty();
        }
        if (!value.matches("[1-9][0-9]{0,18}")) {
            throw new ValidationException("cursor is not a cursor of this list");
        }
        return java.util.Optional.of(Long.parseLong(value));
    }

    /**
     * A numeric id from the route: a positive whole number in plain digits. Anything else (letters, a sign, an
     * overflow) names nothing, so it is the same 404 as an unknown id.
     */
    static long id(String value) {
        if (value != null && value.matches("[1-9][0-9]{0,18}")) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                // above Long.MAX_VALUE: not an id of ours
            }
        }
        throw new NotFoundException("There is no such item.");
    }
}
