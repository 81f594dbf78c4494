package com.aisaas.devhost.host;

/** Produces the argument for one method parameter; planned once at startup, applied per invocation. */
@FunctionalInterface
interface ParameterBinder {

    Object bind(InvocationContext context, TriggerInput input);
}
