package com.aisaas.devhost.host.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ASP.NET Core style route template (docs/functions-host.md §1): literal segments (matched case-insensitively), parameters
 * {@code {name}}, inline constraints {@code {id:guid}}, optional {@code {id?}}, defaults {@code {id=5}}, catch-all
 * {@code {*rest}} / {@code {**rest}}, complex segments {@code {name}.{ext}} and {@code {{ }}} escapes.
 *
 * <p>Optional parameters without a default that the URL does not supply are left out of the route values, as the real
 * host drops null route values before they reach the worker (docs/functions-host.md §1).
 */
final class RouteTemplate {

    private final String text;
    private final Segment[] segments;
    private final int[] precedence;
    private final List<String> parameterNames;

    private RouteTemplate(String text, List<Segment> segments) {
        this.text = text;
        this.segments = segments.toArray(new Segment[0]);
        this.precedence = new int[this.segments.length];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < this.segments.length; i++) {
            precedence[i] = this.segments[i].precedenceDigit();
            this.segments[i].collectNames(names);
        }
        this.parameterNames = Collections.unmodifiableList(names);
    }

    /** Parses a full template (route prefix already applied), e.g. {@code api/items/{id:guid}}. */
    static RouteTemplate parse(String template) {
        return new RouteTemplate(template, new RouteTemplateParser(template).segments());
    }

    String text() {
        return text;
    }

    List<String> parameterNames() {
        return parameterNames;
    }

    /**
     * Inbound precedence digits per segment (ASP.NET Core RoutePrecedence): literal 1, complex or constrained
     * parameter 2, parameter 3, constrained catch-all 4, catch-all 5. Lower sorts first.
     */
    int[] precedence() {
        return precedence.clone();
    }

    /** Route values if the (decoded) path segments match, otherwise null. */
    Map<String, String> match(List<String> path) {
        Map<String, String> values = null;
        int count = path.size();
        for (int i = 0; i < segments.length; i++) {
            Segment segment = segments[i];
            if (segment instanceof ParameterSegment && ((ParameterSegment) segment).parameter.catchAll) {
                Parameter catchAll = ((ParameterSegment) segment).parameter;
                String rest = i < count ? String.join("/", path.subList(i, count)) : "";
                if (rest.isEmpty()) {
                    if (catchAll.defaultValue != null) {
                        values = put(values, catchAll.name, catchAll.defaultValue);
                    }
                } else if (catchAll.accepts(rest)) {
                    values = put(values, catchAll.name, rest);
                } else {
                    return null;
                }
                return values == null ? Map.of() : values;
            }
            if (i >= count) {
                if (segment instanceof ParameterSegment && ((ParameterSegment) segment).parameter.canBeMissing()) {
                    Parameter missing = ((ParameterSegment) segment).parameter;
                    if (missing.defaultValue != null) {
                        values = put(values, missing.name, missing.defaultValue);
                    }
                    continue;
                }
                return null;
            }
            values = segment.match(path.get(i), values);
            if (values == MISMATCH) {
                return null;
            }
        }
        if (count > segments.length) {
            return null;
        }
        return values == null ? Map.of() : values;
    }

    @Override
    public String toString() {
        return text;
    }

    /** Marker returned by {@link Segment#match} when the segment does not match. */
    private static final Map<String, String> MISMATCH = Collections.unmodifiableMap(new LinkedHashMap<>());

    private static Map<String, String> put(Map<String, String> values, String name, String value) {
        Map<String, String> target = values == null ? new LinkedHashMap<>(4) : values;
        target.put(name, value);
        return target;
    }

    // ---------------------------------------------------------------------------------------------------------------

    interface Segment {
        /** Returns the (possibly new) values map, or {@link #MISMATCH}. */
        Map<String, String> match(String value, Map<String, String> values);

        int precedenceDigit();

        void collectNames(List<String> names);
    }

    static final class LiteralSegment implements Segment {
        private final String literal;

        LiteralSegment(String literal) {
            this.literal = literal;
        }

        @Override
        public Map<String, String> match(String value, Map<String, String> values) {
            return literal.equalsIgnoreCase(value) ? values : MISMATCH;
        }

        @Override
        public int precedenceDigit() {
            return 1;
        }

        @Override
        public void collectNames(List<String> names) {
        }
    }

    static final class ParameterSegment implements Segment {
        final Parameter parameter;

        ParameterSegment(Parameter parameter) {
            this.parameter = parameter;
        }

        @Override
        public Map<String, String> match(String value, Map<String, String> values) {
            if (value.isEmpty() || !parameter.accepts(value)) {
                return MISMATCH;
            }
            return put(values, parameter.name, value);
        }

        @Override
        public int precedenceDigit() {
            int digit = parameter.catchAll ? 5 : 3;
            return parameter.constraints.isEmpty() ? digit : digit - 1;
        }

        @Override
        public void collectNames(List<String> names) {
            names.add(parameter.name);
        }
    }

    /** Several parts in one segment, e.g. {@code {name}.{ext}}; see {@code RouteTemplateParser#complex()} for how they split. */
    static final class ComplexSegment implements Segment {
        private final Pattern pattern;
        private final List<Parameter> parameters;

        ComplexSegment(Pattern pattern, List<Parameter> parameters) {
            this.pattern = pattern;
            this.parameters = parameters;
        }

        @Override
        public Map<String, String> match(String value, Map<String, String> values) {
            Matcher matcher = pattern.matcher(value);
            if (!matcher.matches()) {
                return MISMATCH;
            }
            Map<String, String> result = values;
            for (int g = 0; g < parameters.size(); g++) {
                Parameter parameter = parameters.get(g);
                String part = matcher.group(g + 1);
                if (part == null) {
                    if (parameter.defaultValue != null) {
                        result = put(result, parameter.name, parameter.defaultValue);
                    }
                    continue;
                }
                if (!parameter.accepts(part)) {
                    return MISMATCH;
                }
                result = put(result, parameter.name, part);
            }
            return result;
        }

        @Override
        public int precedenceDigit() {
            return 2;
        }

        @Override
        public void collectNames(List<String> names) {
            parameters.forEach(p -> names.add(p.name));
        }
    }

    static final class Parameter {
        final String name;
        final boolean catchAll;
        final boolean optional;
        final String defaultValue;
        final List<Predicate<String>> constraints;

        Parameter(String name, boolean catchAll, boolean optional, String defaultValue, List<Predicate<String>> constraints) {
            this.name = name;
            this.catchAll = catchAll;
            this.optional = optional;
            this.defaultValue = defaultValue;
            this.constraints = List.copyOf(constraints);
        }

        boolean canBeMissing() {
            return optional || defaultValue != null || catchAll;
        }

        boolean accepts(String value) {
            for (Predicate<String> constraint : constraints) {
                if (!constraint.test(value)) {
                    return false;
                }
            }
            return true;
        }
    }
}
