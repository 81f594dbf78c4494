package com.aisaas.devhost.host.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryStringTest {

    @Test
    void emptyValuesAreOmitted_repeatedOnesJoined_namesKeepTheirFirstSpelling() {
        Map<String, String> query = QueryString.parse("a=1&empty=&flag&B=2&b=3&=x&c=%E2%82%AC+1");
        assertThat(query).containsExactly(Map.entry("a", "1"), Map.entry("B", "2,3"), Map.entry("c", "€ 1"));
    }

    @Test
    void aRepeatedNameWithOneEmptyValue_keepsTheCommaLikeStringValues() {
        assertThat(QueryString.parse("a=&a=1")).containsExactly(Map.entry("a", ",1"));
    }

    @Test
    void lookupIsCaseInsensitive_andMalformedEscapesStayAsTheyAre() {
        Map<String, String> query = QueryString.parse("Code=k&x=%zz");
        assertThat(QueryString.get(query, "code")).isEqualTo("k");
        assertThat(query).containsEntry("x", "%zz");
        assertThat(QueryString.parse(null)).isEmpty();
    }
}
