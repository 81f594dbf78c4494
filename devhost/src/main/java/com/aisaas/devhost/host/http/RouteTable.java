package com.aisaas.devhost.host.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The HTTP routes of all functions, ordered like ASP.NET Core orders them (docs/functions-host.md §1): by inbound precedence
 * (literal segments before parameters, see {@link RouteTemplate#precedence()}), then by template text.
 *
 * <p>Difference from the real host, on purpose: when a path matches but no route accepts the method, the real host
 * answers 404; the devhost answers 405 with an {@code Allow} header, which is easier to debug.
 *
 * @param <T> what a route leads to
 */
final class RouteTable<T> {

    /** One route; {@code methods} upper-case, empty = every method. */
    record Route<T>(RouteTemplate template, Set<String> methods, T target) {
        Route {
            methods = Set.copyOf(methods);
        }

        boolean allows(String method) {
            return methods.isEmpty() || methods.contains(method);
        }
    }

    /** Outcome of a lookup: exactly one of {@code route} (with values), {@code allow} (405) or neither (404). */
    record Lookup<T>(Route<T> route, Map<String, String> values, Set<String> allow) {
        boolean found() {
            return route != null;
        }

        boolean methodNotAllowed() {
            return route == null && !allow.isEmpty();
        }
    }

    private static final Comparator<Route<?>> ORDER = RouteTable::compare;

    private final List<Route<T>> routes;

    RouteTable(List<Route<T>> routes) {
        List<Route<T>> sorted = new ArrayList<>(routes);
        sorted.sort(ORDER);
        this.routes = List.copyOf(sorted);
    }

    List<Route<T>> routes() {
        return routes;
    }

    /** Finds the first route (in precedence order) whose template and method match. */
    Lookup<T> find(String method, List<String> path) {
        String upper = method.toUpperCase(Locale.ROOT);
        Set<String> allow = null;
        for (Route<T> route : routes) {
            Map<String, String> values = route.template().match(path);
            if (values == null) {
                continue;
            }
            if (route.allows(upper)) {
                return new Lookup<>(route, values, Set.of());
            }
            if (allow == null) {
                allow = new TreeSet<>();
            }
            allow.addAll(route.methods());
        }
        return new Lookup<>(null, Map.of(), allow == null ? Set.of() : allow);
    }

    private static int compare(Route<?> a, Route<?> b) {
        int[] pa = a.template().precedence();
        int[] pb = b.template().precedence();
        int length = Math.max(pa.length, pb.length);
        for (int i = 0; i < length; i++) {
            // Decimal semantics of RoutePrecedence.ComputeInbound: a missing digit counts as 0.
            int da = i < pa.length ? pa[i] : 0;
            int db = i < pb.length ? pb[i] : 0;
            if (da != db) {
                return Integer.compare(da, db);
            }
        }
        return a.template().text().compareToIgnoreCase(b.template().text());
    }
}
