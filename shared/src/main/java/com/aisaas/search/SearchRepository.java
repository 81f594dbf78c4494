package com.aisaas.search;

import com.aisaas.common.Scope;
import com.aisaas.files.FileRecord;
import java.util.List;
import java.util.Optional;

/** Finds one owner's files by what they say. */
public interface SearchRepository {

    /**
     * Up to {@code fetch} matches of {@code query} in {@code scope}, best first ((rank, id) descending), after
     * {@code after} when given, each with its highlighted passage.
     */
    Matches search(Scope scope, SearchQuery query, Optional<SearchCursor> after, int fetch);

    /**
     * @param partial the query matches more files than a search ranks (SEARCH_RANK_CANDIDATES): the rows are the
     *                best of the newest that many matches, older matches are not among them
     */
    record Matches(List<Match> rows, boolean partial) {
        public Matches {
            rows = List.copyOf(rows);
        }
    }

    /**
     * @param passage the headline with the matching words between {@link #MARK_START} and {@link #MARK_END}
     *                (characters extraction never keeps), or null
     */
    record Match(FileRecord file, float rank, String passage) {
    }

    char MARK_START = '\u0002';
    char MARK_END = '\u0003';
}
