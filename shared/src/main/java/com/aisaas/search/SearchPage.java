package com.aisaas.search;

import java.util.List;

/**
 * One page of {@code GET /api/v1/search}: best first; {@code nextCursor} is null on the last page; {@code partial}
 * when the query matches more files than a search ranks, so that only the best of the newest matches are shown.
 */
public record SearchPage(List<SearchHit> items, String nextCursor, boolean partial) {
    public SearchPage {
        items = List.copyOf(items);
    }
}
