package com.aisaas.devhost.host;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Writes a package folder shaped like azure-functions-maven-plugin output: {@code host.json}, {@code testapp.jar}
 * (the {@code testapp} classes, without {@code testapp.probe}), an empty {@code lib/}, one
 * {@code <Name>/function.json} per function — the static ones from {@code src/test/resources/host/app} plus the
 * ones declared here.
 */
final class TestApp {

    static final String PACKAGE = "com.aisaas.devhost.host.testapp.";

    static {
        TestHttp.quietLogs();
    }
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final List<Map<String, Object>> functions = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<Path> libs = new ArrayList<>();
    private String routePrefix;
    private boolean writeRoutePrefix;
    private final Map<String, Object> hostSections = new LinkedHashMap<>();

    /** {@code extensions.http.routePrefix} in host.json; not calling this leaves the setting out (default "api"). */
    TestApp routePrefix(String prefix) {
        this.routePrefix = prefix;
        this.writeRoutePrefix = true;
        return this;
    }

    /** A top-level host.json section, e.g. {@code "singleton"}. */
    TestApp hostSection(String name, Object value) {
        hostSections.put(name, value);
        return this;
    }

    /** A timerTrigger binding as azure-functions-maven-plugin writes it; {@code extra} adds runOnStartup / useMonitor. */
    static Map<String, Object> timerTrigger(String schedule, Map<String, Object> extra) {
        Map<String, Object> trigger = new LinkedHashMap<>();
        trigger.put("type", "timerTrigger");
        trigger.put("direction", "in");
        trigger.put("name", "timer");
        trigger.put("schedule", schedule);
        trigger.putAll(extra);
        return trigger;
    }

    /** An anonymous, all-methods function with the default route. */
    TestApp function(String name, String entryPoint) {
        return function(name, entryPoint, null, List.of(), "ANONYMOUS");
    }

    TestApp function(String name, String entryPoint, String route) {
        return function(name, entryPoint, route, List.of(), "ANONYMOUS");
    }

    /** @param authLevel null leaves the property out (the host's default applies) */
    TestApp function(String name, String entryPoint, String route, List<String> methods, String authLevel) {
        Map<String, Object> trigger = new LinkedHashMap<>();
        trigger.put("type", "httpTrigger");
        trigger.put("direction", "in");
        trigger.put("name", "req");
        if (route != null) {
            trigger.put("route", route);
        }
        if (!methods.isEmpty()) {
            trigger.put("methods", methods);
        }
        if (authLevel != null) {
            trigger.put("authLevel", authLevel);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", "http");
        out.put("direction", "out");
        out.put("name", "$return");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scriptFile", "../testapp.jar");
        json.put("entryPoint", entryPoint.startsWith("com.") ? entryPoint : PACKAGE + entryPoint);
        json.put("bindings", List.of(trigger, out));
        functions.add(json);
        names.add(name);
        return this;
    }

    /** A function with any trigger binding (Event Grid, blob...), e.g. {@code Map.of("type", "eventGridTrigger", ...)}. */
    TestApp trigger(String name, String entryPoint, Map<String, Object> trigger) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scriptFile", "../testapp.jar");
        json.put("entryPoint", entryPoint.startsWith("com.") ? entryPoint : PACKAGE + entryPoint);
        json.put("bindings", List.of(trigger));
        functions.add(json);
        names.add(name);
        return this;
    }

    /** A function with the given bindings, trigger first, as azure-functions-maven-plugin writes them. */
    TestApp bindings(String name, String entryPoint, List<Map<String, Object>> bindings) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scriptFile", "../testapp.jar");
        json.put("entryPoint", entryPoint.startsWith("com.") ? entryPoint : PACKAGE + entryPoint);
        json.put("bindings", bindings);
        functions.add(json);
        names.add(name);
        return this;
    }

    /** A binding entry of function.json: type, direction, name, then the given properties in order. */
    static Map<String, Object> binding(String type, String direction, String name, String... properties) {
        Map<String, Object> binding = new LinkedHashMap<>();
        binding.put("type", type);
        binding.put("direction", direction);
        binding.put("name", name);
        for (int i = 0; i + 1 < properties.length; i += 2) {
            binding.put(properties[i], properties[i + 1]);
        }
        return binding;
    }

    /** Copies a jar into the package's {@code lib/} (child-first: its classes win over the host's). */
    TestApp lib(Path jar) {
        libs.add(jar);
        return this;
    }

    Path writeTo(Path dir) {
        try {
            Files.createDirectories(dir.resolve("lib"));
            Map<String, Object> host = new LinkedHashMap<>();
            host.put("version", "2.0");
            if (writeRoutePrefix) {
                host.put("extensions", Map.of("http", Map.of("routePrefix", routePrefix)));
            }
            host.putAll(hostSections);
            Files.writeString(dir.resolve("host.json"), GSON.toJson(host));
            writeJar(dir.resolve("testapp.jar"));
            for (Path lib : libs) {
                Files.copy(lib, dir.resolve("lib").resolve(lib.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            copyStaticFunctions(dir);
            for (int i = 0; i < functions.size(); i++) {
                Path folder = Files.createDirectories(dir.resolve(names.get(i)));
                Files.writeString(folder.resolve("function.json"), GSON.toJson(functions.get(i)));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeJar(Path jar) throws IOException {
        Path classes = testClasses();
        Path root = classes.resolve(PACKAGE.replace('.', '/'));
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String entry = classes.relativize(path).toString().replace('\\', '/');
                if (entry.contains("/testapp/probe/")) {
                    continue;
                }
                out.putNextEntry(new JarEntry(entry));
                out.write(Files.readAllBytes(path));
                out.closeEntry();
            }
        }
    }

    private static void copyStaticFunctions(Path dir) throws IOException {
        Path fixtures = testClasses().resolve("host/app");
        try (Stream<Path> walk = Files.walk(fixtures)) {
            for (Path path : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                Path target = dir.resolve(fixtures.relativize(path).toString());
                Files.createDirectories(target.getParent());
                Files.write(target, Files.readString(path, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static Path testClasses() {
        try {
            return Path.of(TestApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
