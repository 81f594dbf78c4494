package com.aisaas.files;

import java.util.Map;

/**
 * Body of {@code PATCH /api/v1/files/{id}} (schema {@code FilePatch}): a new name and/or a new set of tags
 * (replacing the old set); at least one of them.
 */
public record FilePatch(String name, Map<String, String> tags) {
}
