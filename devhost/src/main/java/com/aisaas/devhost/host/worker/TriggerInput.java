package com.aisaas.devhost.host.worker;

/**
 * What a trigger hands to one invocation. Each trigger kind has its own implementation (HTTP: the request and its
 * route values); its {@link TriggerSupport} knows the concrete type.
 */
public interface TriggerInput {

    /** Binding data by name for {@code @BindingName} parameters (HTTP: route values), or null when absent. */
    Object bindingData(String name);
}
