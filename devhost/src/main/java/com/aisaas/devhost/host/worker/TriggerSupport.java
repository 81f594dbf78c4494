package com.aisaas.devhost.host.worker;

import com.microsoft.azure.functions.annotation.BindingName;
import java.lang.annotation.Annotation;
import java.lang.reflect.Parameter;

/**
 * One kind of trigger the devhost can serve, keyed by the function.json binding type. HTTP is the only one now;
 * Event Grid, blob (source EventGrid) and timer triggers plug in here: they bind their trigger parameter and attach
 * the function to whatever drives it (route, webhook path, schedule). Functions whose trigger type has no support are
 * listed at startup as not served.
 */
public interface TriggerSupport {

    /** The function.json binding type, compared case-insensitively (e.g. {@code httpTrigger}). */
    String bindingType();

    /**
     * The binder for {@code parameter} if it receives this trigger's value (by annotation, by binding name or by type),
     * otherwise null. Called once per parameter at startup.
     */
    ParameterBinder triggerParameter(Parameter parameter, BindingMetadata trigger);

    /** Makes the loaded function reachable (HTTP: adds its route). Called once per function, before the host starts. */
    void attach(LoadedFunction function);

    /** How the function is reached, for the startup listing (HTTP: methods and URL under {@code baseUrl}). */
    String describe(LoadedFunction function, String baseUrl);

    /**
     * Whether {@code parameter} takes the trigger's value as the Java worker decides it: annotated with the trigger's
     * annotation, or {@code @BindingName} naming the trigger binding.
     */
    static boolean receivesTrigger(Parameter parameter, BindingMetadata trigger, Class<? extends Annotation> annotation) {
        BindingName bindingName = parameter.getAnnotation(BindingName.class);
        return parameter.isAnnotationPresent(annotation)
                || (bindingName != null && trigger.name() != null && bindingName.value().equals(trigger.name()));
    }
}
