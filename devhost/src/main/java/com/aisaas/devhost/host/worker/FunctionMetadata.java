package com.aisaas.devhost.host.worker;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@code <app>/<FunctionName>/function.json} says (docs/functions-host.md §5): the jar, the entry point
 * {@code pkg.Class.method} and every binding. The function name is the folder name, as in the real host.
 */
public record FunctionMetadata(String name, Path directory, Path scriptFile, String entryPoint, List<BindingMetadata> bindings) {

    public FunctionMetadata {
        Objects.requireNonNull(name, "name");
        bindings = List.copyOf(bindings);
    }

    /** The single trigger binding, if the function has one. */
    public Optional<BindingMetadata> trigger() {
        return bindings.stream().filter(BindingMetadata::isTrigger).findFirst();
    }

    /** Class part of {@code entryPoint} ({@code com.x.Fn.run} -> {@code com.x.Fn}). */
    String className() {
        int dot = entryPointDot();
        return entryPoint.substring(0, dot);
    }

    /** Method part of {@code entryPoint} ({@code com.x.Fn.run} -> {@code run}). */
    String methodName() {
        return entryPoint.substring(entryPointDot() + 1);
    }

    private int entryPointDot() {
        int dot = entryPoint == null ? -1 : entryPoint.lastIndexOf('.');
        if (dot <= 0 || dot == entryPoint.length() - 1) {
            throw new IllegalArgumentException("function '" + name + "': entryPoint must be <package.Class>.<method>, was: " + entryPoint);
        }
        return dot;
    }
}
