package com.aisaas.devhost.host.worker;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The one Gson instance, configured like the Java worker's (plain {@code new Gson()}); thread-safe. */
public final class Json {

    public static final Gson GSON = new Gson();

    private Json() {
    }

    /** The JSON object in {@code file} (function.json, host.json); a clear error when it is not one. */
    static JsonObject readObject(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonElement parsed = JsonParser.parseReader(reader);
            if (!parsed.isJsonObject()) {
                throw new IllegalArgumentException(file + ": expected a JSON object");
            }
            return parsed.getAsJsonObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid " + file + ": " + e.getMessage(), e);
        }
    }
}
