package com.aisaas.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.files.CursorKeys;
import com.aisaas.files.FileStatus;
import com.aisaas.files.InvalidFieldException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SearchQueryTest {

    private static final CursorKeys KEYS = CursorKeys.of("k".repeat(40), Optional.empty());

    @Test
    void parse_readsWordsAndFilters() {
        SearchQuery query = SearchQuery.parse(Map.of("q", "  \"budget review\" -draft ", "limit", "5",
                "status", "ready", "contentType", "application/*", "from", "2026-01-01", "to", "2026-01-31",
                "tag", "project=apollo"));

        assertThat(query.q()).isEqualTo("\"budget review\" -draft");
        assertThat(query.limit()).isEqualTo(5);
        assertThat(query.status()).contains(FileStatus.READY);
        assertThat(query.contentType()).contains("application/*");
        assertThat(query.from()).contains(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(query.to()).contains(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(query.tagKey()).contains("project");
        assertThat(query.tagValue()).contains("apollo");
    }

    @Test
    void parse_refusesAQueryWithNothingToFind() {
        for (String q : new String[] {"", "   ", "-draft", "-draft -old", "or", "x".repeat(257), "a\u0000b"}) {
            assertThatThrownBy(() -> SearchQuery.parse(Map.of("q", q))).as(q)
                    .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("q"));
        }
        assertThatThrownBy(() -> SearchQuery.parse(Map.of())).isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void parse_acceptsWebSearchSyntax() {
        for (String q : new String[] {"budget", "budget -draft", "\"exact phrase\"", "cats or dogs", "Größe",
                "órgão", "2026"}) {
            assertThat(SearchQuery.parse(Map.of("q", q)).q()).isEqualTo(q);
        }
    }

    @Test
    void parse_refusesBadFilters() {
        assertThatThrownBy(() -> SearchQuery.parse(Map.of("q", "a", "limit", "51")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("limit"));
        assertThatThrownBy(() -> SearchQuery.parse(Map.of("q", "a", "from", "yesterday")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("from"));
        assertThatThrownBy(() -> SearchQuery.parse(Map.of("q", "a", "from", "2026-02-01", "to", "2026-01-01")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("to"));
        assertThatThrownBy(() -> SearchQuery.parse(Map.of("q", "a", "tag", "bad key")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("tag"));
        assertThatThrownBy(() -> SearchQuery.parse(Map.of("q", "a", "contentType", "pdf")))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("contentType"));
    }

    @Test
    void cursor_roundTrips_andIsBoundToItsSearch() {
        SearchQuery query = SearchQuery.parse(Map.of("q", "budget"));
        SearchQuery other = SearchQuery.parse(Map.of("q", "budget", "status", "ready"));
        SearchCursor cursor = new SearchCursor(0.12345f, UUID.randomUUID());

        String text = cursor.encode(query.binding("2:t1/alice"), KEYS);

        assertThat(SearchCursor.decode(text, query.binding("2:t1/alice"), KEYS)).isEqualTo(cursor);
        assertThatThrownBy(() -> SearchCursor.decode(text, other.binding("2:t1/alice"), KEYS))
                .isInstanceOf(InvalidFieldException.class);
        assertThatThrownBy(() -> SearchCursor.decode(text, query.binding("2:t1/bob"), KEYS))
                .isInstanceOf(InvalidFieldException.class);
        String edited = (text.charAt(3) == 'A' ? "B" : "A");
        assertThatThrownBy(() -> SearchCursor.decode(text.substring(0, 3) + edited + text.substring(4),
                query.binding("2:t1/alice"), KEYS)).isInstanceOf(InvalidFieldException.class);
        assertThatThrownBy(() -> SearchCursor.decode(text, query.binding("2:t1/alice"),
                CursorKeys.of("z".repeat(40), Optional.empty()))).isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void snippet_escapesTheText_andMarksTheMatches() {
        String passage = "a <script>x</script> & " + SearchRepository.MARK_START + "budget" + SearchRepository.MARK_END
                + " \"review\"";

        assertThat(SearchService.snippet(passage)).isEqualTo(
                "a &lt;script&gt;x&lt;/script&gt; &amp; <mark>budget</mark> &quot;review&quot;");
        assertThat(SearchService.snippet("  ")).isNull();
    }
}
