package com.aisaas.devhost.host.worker;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Instant;

/**
 * Calls one function like the Java worker: a NEW instance per invocation (or none for a static method), arguments from
 * the binders planned at startup, the app class loader as thread context class loader during the call (the Java
 * worker loads the app by reflection, docs/functions-host.md §5). Everything reflective is resolved once, at load.
 *
 * <p>{@code OutputBinding<T>} parameters get a fresh holder per call; their values, and the return value of a
 * {@code $return} output binding, are written after the function returned and only then (docs/functions-host.md §8.3):
 * a function that throws writes nothing. A failed write fails the invocation. Whatever the function (or a binding)
 * throws, {@link Error}s included, ends as a {@link FunctionFailedException}: an OutOfMemoryError or StackOverflowError
 * of the app's code is a failed invocation, as a crashed worker is one in Azure (§8.4).
 */
public final class FunctionInvoker {

    private final String functionName;
    private final Method method;
    private final Constructor<?> constructor;
    private final ParameterBinder[] binders;
    private final BindingSupport.OutputWriter[] outputs;
    private final BindingSupport.OutputWriter returnWriter;
    private final ClassLoader appLoader;
    private final String loadError;
    private final Clock clock;

    /**
     * @param outputs      per parameter, the writer of an {@code OutputBinding<T>} parameter, else null
     * @param returnWriter writer of the return value ({@code $return} output binding other than HTTP), or null
     */
    FunctionInvoker(String functionName, Method method, Constructor<?> constructor, ParameterBinder[] binders,
                    BindingSupport.OutputWriter[] outputs, BindingSupport.OutputWriter returnWriter, ClassLoader appLoader) {
        this.functionName = functionName;
        this.method = method;
        this.constructor = constructor;
        this.binders = binders.clone();
        this.outputs = outputs.clone();
        this.returnWriter = returnWriter;
        this.appLoader = appLoader;
        this.loadError = null;
        this.clock = Clock.systemUTC();
    }

    private FunctionInvoker(String functionName, String loadError) {
        this.functionName = functionName;
        this.method = null;
        this.constructor = null;
        this.binders = new ParameterBinder[0];
        this.outputs = new BindingSupport.OutputWriter[0];
        this.returnWriter = null;
        this.appLoader = null;
        this.loadError = loadError;
        this.clock = Clock.systemUTC();
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
            Instant now = clock.instant();
            Object[] arguments = new Object[binders.length];
            for (int i = 0; i < binders.length; i++) {
                arguments[i] = outputs[i] != null ? new OutputValue<>() : binders[i].bind(context, input);
            }
            Object target = constructor == null ? null : constructor.newInstance();
            Object result = method.invoke(target, arguments);
            for (int i = 0; i < outputs.length; i++) {
                Object value = outputs[i] == null ? null : ((OutputValue<?>) arguments[i]).getValue();
                if (value != null) {
                    outputs[i].write(value, input, now);
                }
            }
            if (returnWriter != null && result != null) {
                returnWriter.write(result, input, now);
            }
            return result;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new FunctionFailedException(cause.toString(), cause);
        } catch (FunctionFailedException e) {
            throw e;
        } catch (Throwable e) {
            throw new FunctionFailedException(e.toString(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
