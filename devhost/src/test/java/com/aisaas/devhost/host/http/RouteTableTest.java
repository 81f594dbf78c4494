package com.aisaas.devhost.host.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private static RouteTable.Route<String> route(String template, String target, String... methods) {
        return new RouteTable.Route<>(RouteTemplate.parse(template), Set.of(methods), target);
    }

    private static RouteTable.Lookup<String> find(RouteTable<String> table, String method, String path) {
        return table.find(method, PathSegments.split(path));
    }

    @Test
    void literalBeatsConstrainedBeatsPlainParameterBeatsCatchAll_whateverTheDeclarationOrder() {
        RouteTable<String> table = new RouteTable<>(List.of(
                route("api/{*rest}", "catchAll"),
                route("api/items/{id}", "plain"),
                route("api/items/{id:int}", "int"),
                route("api/items/new", "literal")));
        assertThat(find(table, "GET", "/api/items/new").route().target()).isEqualTo("literal");
        assertThat(find(table, "GET", "/api/items/5").route().target()).isEqualTo("int");
        assertThat(find(table, "GET", "/api/items/x").route().target()).isEqualTo("plain");
        assertThat(find(table, "GET", "/api/other/x").route().target()).isEqualTo("catchAll");
    }

    @Test
    void aLaterRouteWithTheMethod_winsOverAnEarlierOneWithout() {
        RouteTable<String> table = new RouteTable<>(List.of(
                route("api/items/new", "literalPost", "POST"),
                route("api/items/{id}", "paramGet", "GET")));
        assertThat(find(table, "get", "/api/items/new").route().target()).isEqualTo("paramGet");
    }

    @Test
    void pathWithoutMatchingMethod_reportsTheAllowedMethods() {
        RouteTable<String> table = new RouteTable<>(List.of(
                route("api/things", "get", "GET"),
                route("api/things", "post", "POST", "PUT")));
        RouteTable.Lookup<String> lookup = find(table, "DELETE", "/api/things");
        assertThat(lookup.found()).isFalse();
        assertThat(lookup.methodNotAllowed()).isTrue();
        assertThat(lookup.allow()).containsExactly("GET", "POST", "PUT");
    }

    @Test
    void unknownPath_isNeitherFoundNorMethodNotAllowed() {
        RouteTable<String> table = new RouteTable<>(List.of(route("api/things", "get", "GET")));
        RouteTable.Lookup<String> lookup = find(table, "GET", "/api/nothing");
        assertThat(lookup.found()).isFalse();
        assertThat(lookup.methodNotAllowed()).isFalse();
    }
}
