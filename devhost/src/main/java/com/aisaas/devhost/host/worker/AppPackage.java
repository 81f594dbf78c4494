package com.aisaas.devhost.host.worker;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A packaged Functions app as azure-functions-maven-plugin writes it (docs/functions-host.md §5): functions are discovered ONLY from
 * {@code <app>/*}{@code /function.json}; the devhost never has its own list.
 */
public record AppPackage(Path directory, HostJson hostJson, List<FunctionMetadata> functions) {

    public AppPackage {
        functions = List.copyOf(functions);
    }

    public static AppPackage read(Path appDir) {
        Path dir = appDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("app directory does not exist: " + dir);
        }
        List<FunctionMetadata> functions = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path child : children) {
                Path functionJson = child.resolve("function.json");
                if (Files.isRegularFile(functionJson)) {
                    functions.add(readFunction(child, functionJson));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir, e);
        }
        functions.sort(Comparator.comparing(FunctionMetadata::name, String.CASE_INSENSITIVE_ORDER));
        return new AppPackage(dir, HostJson.read(dir), functions);
    }

    private static FunctionMetadata readFunction(Path functionDir, Path file) {
        JsonObject root = Json.readObject(file);
        List<BindingMetadata> bindings = new ArrayList<>();
        JsonElement array = root.get("bindings");
        if (array != null && array.isJsonArray()) {
            for (JsonElement binding : array.getAsJsonArray()) {
                if (!binding.isJsonObject()) {
                    throw new IllegalArgumentException(file + ": every binding must be an object");
                }
                bindings.add(BindingMetadata.from(binding.getAsJsonObject()));
            }
        }
        String scriptFile = string(root, "scriptFile");
        Path script = scriptFile == null ? null : functionDir.resolve(scriptFile).normalize();
        return new FunctionMetadata(functionDir.getFileName().toString(), functionDir, script, string(root, "entryPoint"), bindings);
    }

    private static String string(JsonObject root, String key) {
        JsonElement element = root.get(key);
        return element != null && element.isJsonPrimitive() ? element.getAsString() : null;
    }
}
