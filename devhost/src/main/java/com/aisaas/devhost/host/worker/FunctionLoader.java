package com.aisaas.devhost.host.worker;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a function's entry point in the app class loader and plans how each parameter is bound (docs/functions-host.md
 * §1.4, §5; the Java worker's rules): exactly one public method with the entry point's name; {@link ExecutionContext} by type;
 * the trigger parameter through its {@link TriggerSupport}; {@code @BindingName} from the trigger's binding data.
 */
public final class FunctionLoader {

    private FunctionLoader() {
    }

    /** Never throws for app problems: they become a {@link LoadedFunction} whose invoker fails with the reason. */
    public static LoadedFunction load(FunctionMetadata metadata, BindingMetadata trigger, TriggerSupport support, ClassLoader appLoader) {
        try {
            return new LoadedFunction(metadata, trigger, invoker(metadata, trigger, support, appLoader), null);
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
                                           ClassLoader appLoader) throws ReflectiveOperationException {
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
        List<ParameterBinder> binders = new ArrayList<>(parameters.length);
        for (Parameter parameter : parameters) {
            binders.add(binder(parameter, trigger, support, metadata));
        }
        return new FunctionInvoker(metadata.name(), method, constructor, binders.toArray(new ParameterBinder[0]), appLoader);
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

    private static ParameterBinder binder(Parameter parameter, BindingMetadata trigger, TriggerSupport support, FunctionMetadata metadata) {
        if (parameter.getType() == ExecutionContext.class) {
            return (context, input) -> context;
        }
        ParameterBinder triggerBinder = support.triggerParameter(parameter, trigger);
        if (triggerBinder != null) {
            return triggerBinder;
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
