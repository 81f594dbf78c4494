package com.aisaas.search;

import java.util.List;

/** One page of {@code GET /api/v1/search}: best first; {@code nextCursor} is null on the last page. */
public record SearchPage(List<SearchHit> items, String nextCursor) {
    public SearchPage {
        items = List.copyOf(items);
    }
}
