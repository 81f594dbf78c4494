package com.aisaas.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListQueryTest {

    @Test
    void parse_noParameters_isTheDefaultFirstPage() {
        ListQuery query = ListQuery.parse(Map.of("code", "function-key"));

        assertThat(query).isEqualTo(ListQuery.first());
        assertThat(query.limit()).isEqualTo(20);
    }

    @Test
    void parse_everyParameter() {
        ListQuery query = ListQuery.parse(Map.of("limit", "100", "status", "ready", "contentType", "Image/*",
                "name", "Report", "cursor", "abc"));

        assertThat(query.limit()).isEqualTo(100);
        assertThat(query.status()).contains(FileStatus.READY);
        assertThat(query.contentType()).contains("image/*");
        assertThat(query.name()).contains("Report");
        assertThat(query.cursor()).isEqualTo(Optional.of("abc"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "ten", "1.5", "99999999999", " 5"})
    void parse_badLimit_is400(String limit) {
        assertThatThrownBy(() -> ListQuery.parse(Map.of("limit", limit)))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("limit"));
    }

    @Test
    void parse_badStatusOrType_is400NamingTheField() {
        assertThatThrownBy(() -> ListQuery.parse(Map.of("status", "READY")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("status"));
        assertThatThrownBy(() -> ListQuery.parse(Map.of("contentType", "pdf")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("contentType"));
        assertThatThrownBy(() -> ListQuery.parse(Map.of("name", "x".repeat(256))))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("name"));
    }

    @Test
    void binding_dependsOnFiltersButNotOnLimit() {
        ListQuery a = ListQuery.parse(Map.of("limit", "5", "status", "ready"));
        ListQuery b = ListQuery.parse(Map.of("limit", "50", "status", "ready"));
        ListQuery c = ListQuery.parse(Map.of("limit", "5"));

        assertThat(a.binding("o")).isEqualTo(b.binding("o")).isNotEqualTo(c.binding("o"));
        assertThat(a.binding("o")).isNotEqualTo(a.binding("p"));
        assertThat(a.firstPageKey()).isNotEqualTo(b.firstPageKey()).isNotEqualTo(c.firstPageKey());
    }
}
