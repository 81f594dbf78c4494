package com.aisaas.search;

import com.aisaas.files.FileView;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One hit of {@code GET /api/v1/search} (schema {@code SearchHit}).
 *
 * @param file    the file, as {@code GET /api/v1/files/{id}} shows it
 * @param rank    how well it matches (higher first; comparable within one search only)
 * @param snippet the best passages of its text (or its name) with the matching words in {@code <mark>} tags;
 *                everything else HTML-escaped, so it can be shown as HTML
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchHit(FileView file, double rank, String snippet) {
    public SearchHit {
        Objects.requireNonNull(file, "file");
    }
}
