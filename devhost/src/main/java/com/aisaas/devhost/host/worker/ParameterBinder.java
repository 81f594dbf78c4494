package com.aisaas.devhost.host.worker;

/** Produces the argument for one method parameter; planned once at startup, applied per invocation. */
@FunctionalInterface
public interface ParameterBinder {

    Object bind(InvocationContext context, TriggerInput input);
}
