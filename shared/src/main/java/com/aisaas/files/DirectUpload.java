package com.aisaas.files;

import java.util.Objects;

/**
 * A small file sent through {@code POST /api/v1/files}.
 *
 * @param nameField where the name came from ({@code X-File-Name}, {@code name}, {@code filename}): named in errors
 * @param contentTypeField where the content type came from, likewise
 */
public record DirectUpload(String name, String nameField, String contentType, String contentTypeField, byte[] content) {

    public DirectUpload {
        Objects.requireNonNull(nameField, "nameField");
        Objects.requireNonNull(contentTypeField, "contentTypeField");
        Objects.requireNonNull(content, "content");
    }
}
