package com.aisaas.search;

import com.aisaas.files.Actor;
import com.aisaas.files.CursorKeys;
import com.aisaas.files.FileView;
import com.aisaas.config.FilesSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/search}: the caller's files that contain the words of a query, best first, each with the
 * passage that matched. Scoped like the files API (one owner of one tenant); deleted files are left out unless
 * asked for with {@code status=deleted}. Pages are keyset-paginated on (rank, id), so a deep page costs what the
 * first one does; results are never cached (a file is findable as soon as it is ready). A query that matches more
 * files than SEARCH_RANK_CANDIDATES ranks the newest that many only, and its pages say {@code partial}.
 */
public final class SearchService {

    private final SearchRepository repository;
    private final FilesSettings files;
    private final Supplier<CursorKeys> cursorKeys;

    public SearchService(SearchRepository repository, FilesSettings files, Supplier<CursorKeys> cursorKeys) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.files = Objects.requireNonNull(files, "files");
        this.cursorKeys = Objects.requireNonNull(cursorKeys, "cursorKeys");
    }

    public SearchPage search(Actor actor, SearchQuery query) {
        String binding = query.binding(actor.scope().key());
        CursorKeys keys = cursorKeys.get();
        Optional<SearchCursor> after = query.cursor().map(text -> SearchCursor.decode(text, binding, keys));
        SearchRepository.Matches found = repository.search(actor.scope(), query, after, query.limit() + 1);
        List<SearchRepository.Match> rows = found.rows();
        boolean more = rows.size() > query.limit();
        List<SearchRepository.Match> shown = more ? rows.subList(0, query.limit()) : rows;
        List<SearchHit> hits = new ArrayList<>(shown.size());
        for (SearchRepository.Match match : shown) {
            hits.add(new SearchHit(FileView.of(match.file(), files.restoreWindow()), match.rank(),
                    snippet(match.passage())));
        }
        String next = null;
        if (more) {
            SearchRepository.Match last = shown.get(shown.size() - 1);
            next = new SearchCursor(last.rank(), last.file().id().value()).encode(binding, keys);
        }
        return new SearchPage(hits, next, found.partial());
    }

    /** The passage as safe HTML: the text escaped, the matches in {@code <mark>}. */
    static String snippet(String passage) {
        if (passage == null || passage.isBlank()) {
            return null;
        }
        StringBuilder html = new StringBuilder(passage.length() + 32);
        for (int i = 0; i < passage.length(); i++) {
            char c = passage.charAt(i);
            switch (c) {
                case SearchRepository.MARK_START -> html.append("<mark>");
                case SearchRepository.MARK_END -> html.append("</mark>");
                case '&' -> html.append("&amp;");
                case '<' -> html.append("&lt;");
                case '>' -> html.append("&gt;");
                case '"' -> html.append("&quot;");
                case '\'' -> html.append("&#39;");
                default -> html.append(c);
            }
        }
        return html.toString().strip();
    }
}
