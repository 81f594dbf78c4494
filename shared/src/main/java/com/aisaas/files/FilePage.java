package com.aisaas.files;

import java.util.List;

/** One page of {@code GET /api/v1/files}: newest first; {@code nextCursor} is null on the last page. */
public record FilePage(List<FileView> items, String nextCursor) {

    public FilePage {
        items = List.copyOf(items);
    }
}
