package com.aisaas.devhost.host.worker;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.OutputBinding;
import com.microsoft.azure.functions.annotation.BindingName;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Resolves a function's entry point in the app class loader and plans how each parameter is bound (docs/functions-host.md
 * §1.4, §5; the Java worker's rules): exactly one public method with the entry point's name; {@link ExecutionContext} by type;
 * the trigger parameter through its {@link TriggerSupport}; a parameter whose binding annotation's {@code name} names an
 * input binding of function.json through that binding type's {@link BindingSupport}, an {@code OutputBinding<T>} parameter
 * likewise for an output binding, and a {@code $return} output binding (other than HTTP) for the return value
 * (docs/functions-host.md §8); {@code @BindingName} from the trigger's binding data.
 */
public final class FunctionLoader {

    private FunctionLoader() {
    }

    /** A function with no input or output bindings other than its trigger (and HTTP output). */
    public static LoadedFunction load(FunctionMetadata metadata, BindingMetadata trigger, TriggerSupport support, ClassLoader appLoader) {
        return load(metadata, trigger, support, new BindingRegistry(), appLoader);
    }

    /** Never throws for app problems: they become a {@link LoadedFunction} whose invoker fails with the reason. */
    public static LoadedFunction load(FunctionMetadata metadata, BindingMetadata trigger, TriggerSupport support,
                                      BindingRegistry bindings, ClassLoader appLoader) {
        try {
            return new LoadedFunction(metadata, trigger, invoker(metadata, trigger, support, bindings, appLoader), null);
        } catch (ClassNotFoundException e) {
            return failed(metadata, trigger, "class not found: " + e.getMessage());
        } catch (RuntimeException | ReflectiveOperationException | LinkageError e) {
            return failed(metadata, trigger, e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }

    private static LoadedFunction failed(FunctionMetadata metadata, BindingMetadata trigger, String reason) {
        return new LoadedFunction(metadata, trigger, FunctionInvoker.failed(metadata.name(), reason), reason);
    }

    private static FunctionInvoker invoker(FunctionMetadata metadata, BindingMetadata trigger, TriggerSupport support,
                                           BindingRegistry bindings, ClassLoader appLoader) throws ReflectiveOperationException {
        if (metadata.scriptFile() == null) {
            throw new IllegalArgumentException("function.json has no scriptFile");
        }
        Class<?> type = Class.forName(metadata.className(), false, appLoader);
        Method method = entryMethod(type, metadata.methodName());
        Constructor<?> constructor = null;
        if (!Modifier.isStatic(method.getModifiers())) {
            if (Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
                throw new IllegalArgumentException(type.getName() + " is abstract; the worker needs a concrete class");
            }
            try {
                constructor = type.getConstructor();
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(type.getName() + " needs a public no-argument constructor", e);
            }
            trySetAccessible(constructor);
        }
        trySetAccessible(method);
        Parameter[] parameters = method.getParameters();
        ParameterBinder[] binders = new ParameterBinder[parameters.length];
        BindingSupport.OutputWriter[] outputs = new BindingSupport.OutputWriter[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            Parameter parameter = parameters[i];
            if (parameter.getType() == OutputBinding.class) {
                outputs[i] = outputWriter(parameter, metadata, bindings);
                binders[i] = (context, input) -> null;
            } else {
                binders[i] = binder(parameter, trigger, support, metadata, bindings);
            }
        }
        return new FunctionInvoker(metadata.name(), method, constructor, binders, outputs, returnWriter(method, metadata, bindings),
                appLoader);
    }

    private static BindingSupport.OutputWriter outputWriter(Parameter parameter, FunctionMetadata metadata, BindingRegistry bindings) {
        String name = annotatedName(parameter);
        BindingMetadata binding = name == null ? null : binding(metadata, name, "out");
        if (binding == null) {
            throw new IllegalArgumentException("parameter '" + parameter.getName() + "' (" + parameter.getParameterizedType().getTypeName()
                    + ") of " + metadata.entryPoint() + " names no output binding of function.json");
        }
        BindingSupport support = bindings.find(binding.type()).orElseThrow(() -> new IllegalArgumentException(
                "parameter '" + parameter.getName() + "' of " + metadata.entryPoint() + ": the devhost has no '" + binding.type()
                        + "' output binding"));
        return support.output(binding, Types.argumentOf(parameter.getParameterizedType(), OutputBinding.class));
    }

    private static BindingSupport.OutputWriter returnWriter(Method method, FunctionMetadata metadata, BindingRegistry bindings) {
        BindingMetadata binding = binding(metadata, "$return", "out");
        if (binding == null || binding.isType("http") || method.getReturnType() == void.class) {
            return null;
        }
        BindingSupport support = bindings.find(binding.type()).orElseThrow(() -> new IllegalArgumentException(
                metadata.entryPoint() + " returns into a '" + binding.type() + "' output binding, which the devhost does not have"));
        return support.output(binding, method.getGenericReturnType());
    }

    /** The binding of function.json named {@code name} (case-insensitive) with the direction, or "inout"; null if none. */
    private static BindingMetadata binding(FunctionMetadata metadata, String name, String direction) {
        for (BindingMetadata binding : metadata.bindings()) {
            if (!binding.isTrigger() && binding.name() != null && binding.name().equalsIgnoreCase(name)
                    && (direction.equalsIgnoreCase(binding.direction()) || "inout".equalsIgnoreCase(binding.direction()))) {
                return binding;
            }
        }
        return null;
    }

    /**
     * The {@code name} of the parameter's binding annotation ({@code @BlobInput(name = "x")}, any annotation of the
     * library with a String {@code name()}), as the worker matches parameters to function.json; null if none.
     */
    private static String annotatedName(Parameter parameter) {
        for (Annotation annotation : parameter.getAnnotations()) {
            if (annotation instanceof BindingName) {
                continue;
            }
            try {
                Method name = annotation.annotationType().getMethod("name");
                if (name.getReturnType() == String.class) {
                    Object value = name.invoke(annotation);
                    if (value instanceof String text && !text.isBlank()) {
                        return text;
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException notABinding) {
                // an annotation without name(): not a binding annotation
            }
        }
        return null;
    }

    private static Method entryMethod(Class<?> type, String name) {
        List<Method> candidates = new ArrayList<>();
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name)) {
                candidates.add(method);
            }
        }
        if (candidates.size() != 1) {
            throw new IllegalArgumentException("expected exactly one public method '" + name + "' in " + type.getName()
                    + ", found " + candidates.size());
        }
        return candidates.get(0);
    }

    private static ParameterBinder binder(Parameter parameter, BindingMetadata trigger, TriggerSupport support, FunctionMetadata metadata,
                                          BindingRegistry bindings) {
        if (parameter.getType() == ExecutionContext.class) {
            return (context, input) -> context;
        }
        ParameterBinder triggerBinder = support.triggerParameter(parameter, trigger);
        if (triggerBinder != null) {
            return triggerBinder;
        }
        String name = annotatedName(parameter);
        BindingMetadata input = name == null ? null : binding(metadata, name, "in");
        if (input != null) {
            BindingSupport inputSupport = bindings.find(input.type()).orElseThrow(() -> new IllegalArgumentException(
                    "parameter '" + parameter.getName() + "' of " + metadata.entryPoint() + ": the devhost has no '"
                            + input.type().toLowerCase(Locale.ROOT) + "' input binding"));
            return inputSupport.input(parameter, input);
        }
        BindingName bindingName = parameter.getAnnotation(BindingName.class);
        if (bindingName != null) {
            return BindingValues.binder(bindingName.value(), parameter.getParameterizedType());
        }
        throw new IllegalArgumentException("parameter '" + parameter.getName() + "' (" + parameter.getParameterizedType().getTypeName()
                + ") of " + metadata.entryPoint() + " has no binding the devhost can provide");
    }

    private static void trySetAccessible(java.lang.reflect.AccessibleObject member) {
        try {
            member.setAccessible(true);
        } catch (RuntimeException notOpen) {
            // Public members of public classes work without it; it only saves the per-call access check.
        }
    }
}
