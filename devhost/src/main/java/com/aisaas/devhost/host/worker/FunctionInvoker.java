package com.aisaas.devhost.host.worker;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Calls one function like the Java worker: a NEW instance per invocation (or none for a static method), arguments from
 * the binders planned at startup, the app class loader as thread context class loader during the call (the Java
 * worker loads the app by reflection, docs/functions-host.md §5). Everything reflective is resolved once, at load.
 */
public final class FunctionInvoker {

    private final String functionName;
    private final Method method;
    private final Constructor<?> constructor;
    private final ParameterBinder[] binders;
    private final ClassLoader appLoader;
    private final String loadError;

    FunctionInvoker(String functionName, Method method, Constructor<?> constructor, ParameterBinder[] binders, ClassLoader appLoader) {
        this.functionName = functionName;
        this.method = method;
        this.constructor = constructor;
        this.binders = binders.clone();
        this.appLoader = appLoader;
        this.loadError = null;
    }

    private FunctionInvoker(String functionName, String loadError) {
        this.functionName = functionName;
        this.method = null;
        this.constructor = null;
        this.binders = new ParameterBinder[0];
        this.appLoader = null;
        this.loadError = loadError;
    }

    /** An invoker for a function that could not be loaded: every call fails with {@code reason}. */
    static FunctionInvoker failed(String functionName, String reason) {
        return new FunctionInvoker(functionName, reason);
    }

    /**
     * Runs the function once and returns what it returned (null for void).
     *
     * @throws FunctionFailedException if binding, instantiation or the function itself fails
     */
    public Object invoke(InvocationContext context, TriggerInput input) {
        if (loadError != null) {
            throw new FunctionFailedException("function '" + functionName + "' is in error: " + loadError, null);
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(appLoader);
        try {
            Object[] arguments = new Object[binders.length];
            for (int i = 0; i < binders.length; i++) {
                arguments[i] = binders[i].bind(context, input);
            }
            Object target = constructor == null ? null : constructor.newInstance();
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new FunctionFailedException(cause.toString(), cause);
        } catch (Exception | LinkageError e) {
            throw new FunctionFailedException(e.toString(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
