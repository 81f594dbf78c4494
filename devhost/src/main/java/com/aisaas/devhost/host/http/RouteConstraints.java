package com.aisaas.devhost.host.http;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * ASP.NET Core inline route constraints ({@code {id:guid}}, {@code {n:int:min(1)}}, {@code {x:regex(^a+$)}}), docs/functions-host.md §1.
 * Unknown constraint names fail the route at startup, as in ASP.NET Core.
 */
final class RouteConstraints {

    private static final Pattern ALPHA = Pattern.compile("[a-z]*", Pattern.CASE_INSENSITIVE);
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}"
                    + "|\\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}}"
                    + "|\\([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\)",
            Pattern.CASE_INSENSITIVE);

    private RouteConstraints() {
    }

    /** A constraint by name and optional argument text (what is inside the parentheses, or null). */
    static Predicate<String> create(String name, String argument) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "int": return noArgument(name, argument, v -> parses(() -> Integer.parseInt(v)));
            case "long": return noArgument(name, argument, v -> parses(() -> Long.parseLong(v)));
            case "bool": return noArgument(name, argument, v -> "true".equalsIgnoreCase(v) || "false".equalsIgnoreCase(v));
            case "guid": return noArgument(name, argument, v -> GUID.matcher(v).matches());
            case "alpha": return noArgument(name, argument, v -> ALPHA.matcher(v).matches());
            case "double":
            case "float": return noArgument(name, argument, v -> parses(() -> Double.parseDouble(v)) && !v.endsWith("d") && !v.endsWith("f"));
            case "decimal": return noArgument(name, argument, v -> parses(() -> new BigDecimal(v)));
            case "datetime": return noArgument(name, argument, RouteConstraints::isDateTime);
            case "required": return noArgument(name, argument, v -> !v.isEmpty());
            case "minlength": {
                int min = intArgument(name, argument);
                return v -> v.length() >= min;
            }
            case "maxlength": {
                int max = intArgument(name, argument);
                return v -> v.length() <= max;
            }
            case "length": {
                String[] bounds = arguments(name, argument);
                if (bounds.length == 1) {
                    int exact = toInt(name, bounds[0]);
                    return v -> v.length() == exact;
                }
                int min = toInt(name, bounds[0]);
                int max = toInt(name, bounds[1]);
                return v -> v.length() >= min && v.length() <= max;
            }
            case "min": {
                long min = toLong(name, argument);
                return v -> longValue(v) != null && longValue(v) >= min;
            }
            case "max": {
                long max = toLong(name, argument);
                return v -> longValue(v) != null && longValue(v) <= max;
            }
            case "range": {
                String[] bounds = arguments(name, argument);
                if (bounds.length != 2) {
                    throw new IllegalArgumentException("route constraint range needs (min,max), was: " + argument);
                }
                long min = toLong(name, bounds[0]);
                long max = toLong(name, bounds[1]);
                return v -> {
                    Long value = longValue(v);
                    return value != null && value >= min && value <= max;
                };
            }
            case "regex": {
                if (argument == null) {
                    throw new IllegalArgumentException("route constraint regex needs a pattern");
                }
                // ASP.NET Core: case-insensitive, and not anchored unless the pattern is (^...$).
                Pattern pattern = Pattern.compile(argument, Pattern.CASE_INSENSITIVE);
                return v -> pattern.matcher(v).find();
            }
            default:
                throw new IllegalArgumentException("unknown route constraint '" + name + "'");
        }
    }

    private static Predicate<String> noArgument(String name, String argument, Predicate<String> constraint) {
        if (argument != null) {
            throw new IllegalArgumentException("route constraint '" + name + "' takes no argument");
        }
        return constraint;
    }

    private static boolean parses(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean isDateTime(String value) {
        try {
            OffsetDateTime.parse(value);
            return true;
        } catch (DateTimeParseException notOffset) {
            try {
                LocalDateTime.parse(value);
                return true;
            } catch (DateTimeParseException notLocal) {
                return parses(() -> LocalDate.parse(value));
            }
        }
    }

    private static Long longValue(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String[] arguments(String name, String argument) {
        if (argument == null || argument.isBlank()) {
            throw new IllegalArgumentException("route constraint '" + name + "' needs an argument");
        }
        String[] parts = argument.split(",");
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].trim();
        }
        return parts;
    }

    private static int intArgument(String name, String argument) {
        return toInt(name, arguments(name, argument)[0]);
    }

    private static int toInt(String name, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("route constraint '" + name + "' needs a number, was: " + text, e);
        }
    }

    private static long toLong(String name, String text) {
        if (text == null) {
            throw new IllegalArgumentException("route constraint '" + name + "' needs a number");
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("route constraint '" + name + "' needs a number, was: " + text, e);
        }
    }
}
