package com.aisaas.devhost.host.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTemplateTest {

    private static Map<String, String> match(String template, String path) {
        return RouteTemplate.parse(template).match(PathSegments.split(path));
    }

    @Test
    void literalSegments_matchCaseInsensitively_andIgnoreATrailingSlash() {
        assertThat(match("api/Health/live", "/API/health/LIVE/")).isEmpty();
        assertThat(match("api/health/live", "/api/health")).isNull();
        assertThat(match("api/health", "/api/health/live")).isNull();
    }

    @Test
    void parameters_captureDecodedSegments() {
        assertThat(match("api/files/{id}/content", "/api/files/a%20b/content")).containsExactly(Map.entry("id", "a b"));
        assertThat(match("api/files/{id}", "/api/files/a%2Fb")).containsExactly(Map.entry("id", "a/b"));
    }

    @ParameterizedTest
    @CsvSource({
        "{v:int}, 42, true", "{v:int}, -7, true", "{v:int}, 4.2, false", "{v:int}, 99999999999, false",
        "{v:long}, 99999999999, true", "{v:long}, x, false",
        "{v:bool}, True, true", "{v:bool}, 1, false",
        "{v:guid}, 3f2504e0-4f89-11d3-9a0c-0305e82c3301, true", "{v:guid}, 3F2504E04F8911D39A0C0305E82C3301, true",
        "{v:guid}, 3f2504e0-4f89-11d3-9a0c, false",
        "{v:alpha}, abcXYZ, true", "{v:alpha}, abc1, false",
        "{v:minlength(3)}, abc, true", "{v:minlength(3)}, ab, false",
        "{v:maxlength(3)}, abc, true", "{v:maxlength(3)}, abcd, false",
        "{v:length(2)}, ab, true", "{v:length(2)}, abc, false",
        "'{v:length(2,3)}', abc, true", "'{v:length(2,3)}', abcd, false",
        "{v:min(5)}, 5, true", "{v:min(5)}, 4, false", "{v:max(5)}, 5, true", "{v:max(5)}, 6, false",
        "'{v:range(1,3)}', 3, true", "'{v:range(1,3)}', 0, false", "'{v:range(1,3)}', x, false",
        "{v:regex(^[a-z]{{2}}\\d+$)}, ab12, true", "{v:regex(^[a-z]{{2}}\\d+$)}, abc12, false",
        "{v:regex(b)}, abc, true",
        "{v:int:min(10)}, 12, true", "{v:int:min(10)}, 9, false",
        "{v:double}, 1.5, true", "{v:datetime}, 2024-01-31, true", "{v:datetime}, yesterday, false",
    })
    void constraints(String parameter, String value, boolean matches) {
        Map<String, String> values = match("x/" + parameter, "/x/" + value);
        if (matches) {
            assertThat(values).containsEntry("v", value);
        } else {
            assertThat(values).isNull();
        }
    }

    @Test
    void optionalParameter_isLeftOutWhenMissing() {
        assertThat(match("items/{id?}", "/items")).isEmpty();
        assertThat(match("items/{id?}", "/items/7")).containsExactly(Map.entry("id", "7"));
        assertThat(match("items/{id:int?}", "/items/x")).isNull();
    }

    @Test
    void defaultValue_fillsAMissingSegment() {
        assertThat(match("items/{page=1}", "/items")).containsExactly(Map.entry("page", "1"));
        assertThat(match("items/{page=1}", "/items/3")).containsExactly(Map.entry("page", "3"));
    }

    @Test
    void catchAll_takesTheRest_orNothing() {
        assertThat(match("files/{*path}", "/files/a/b%20c/d")).containsExactly(Map.entry("path", "a/b c/d"));
        assertThat(match("files/{**path}", "/files/a/b")).containsExactly(Map.entry("path", "a/b"));
        assertThat(match("files/{*path}", "/files")).isEmpty();
    }

    @Test
    void complexSegments_splitAroundLiterals() {
        assertThat(match("doc/{name}.{ext}", "/doc/a.b.c")).containsExactly(Map.entry("name", "a.b"), Map.entry("ext", "c"));
        assertThat(match("doc/{name}.{ext?}", "/doc/readme")).containsExactly(Map.entry("name", "readme"));
        assertThat(match("doc/{name}.{ext?}", "/doc/readme.md")).containsExactly(Map.entry("name", "readme"), Map.entry("ext", "md"));
        assertThat(match("doc/v{major:int}", "/doc/V2")).containsExactly(Map.entry("major", "2"));
        assertThat(match("doc/v{major:int}", "/doc/vx")).isNull();
    }

    @Test
    void escapedBraces_areLiterals() {
        assertThat(match("a/{{b}}", "/a/{b}")).isEmpty();
    }

    @Test
    void precedence_followsAspNetCore() {
        assertThat(RouteTemplate.parse("api/items/latest").precedence()).containsExactly(1, 1, 1);
        assertThat(RouteTemplate.parse("api/items/{id:int}").precedence()).containsExactly(1, 1, 2);
        assertThat(RouteTemplate.parse("api/items/{id}").precedence()).containsExactly(1, 1, 3);
        assertThat(RouteTemplate.parse("api/{*rest:minlength(1)}").precedence()).containsExactly(1, 4);
        assertThat(RouteTemplate.parse("api/{*rest}").precedence()).containsExactly(1, 5);
        assertThat(RouteTemplate.parse("api/{a}.{b}").precedence()).containsExactly(1, 2);
        assertThat(RouteTemplate.parse("api/items/{id}").parameterNames()).isEqualTo(List.of("id"));
    }

    @Test
    void invalidTemplates_areRejectedWithTheTemplateInTheMessage() {
        assertThatThrownBy(() -> RouteTemplate.parse("a/{id:unknown}")).hasMessageContaining("a/{id:unknown}").hasMessageContaining("unknown");
        assertThatThrownBy(() -> RouteTemplate.parse("a/{*rest}/b")).hasMessageContaining("catch-all");
        assertThatThrownBy(() -> RouteTemplate.parse("a/{id}/{ID}")).hasMessageContaining("twice");
        assertThatThrownBy(() -> RouteTemplate.parse("a/{id")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> RouteTemplate.parse("a//b")).hasMessageContaining("empty segment");
        assertThatThrownBy(() -> RouteTemplate.parse("a/{x}{y}")).hasMessageContaining("separated");
        assertThatThrownBy(() -> RouteTemplate.parse("a/{x?=1}")).isInstanceOf(IllegalArgumentException.class);
    }
}
