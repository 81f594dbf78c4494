package com.aisaas.devhost.host.worker;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One invocation of a non-HTTP function, logged like the HTTP front logs its own. */
public final class Invocations {

    private static final Logger LOG = LoggerFactory.getLogger(Invocations.class);

    private Invocations() {
    }

    /**
     * Runs {@code function} once.
     *
     * @return null on success, else the failure (the function's exception, or the binding problem)
     */
    public static Throwable run(LoadedFunction function, TriggerInput input, Consumer<String> functionLog, String trigger) {
        InvocationContext context = new InvocationContext(function.name(), functionLog);
        long start = System.nanoTime();
        try {
            function.invoker().invoke(context, input);
        } catch (FunctionFailedException | BindingException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            LOG.error("Executed 'Functions.{}' (Failed, Id={}, Duration={}ms, {})", function.name(), context.getInvocationId(),
                    (System.nanoTime() - start) / 1_000_000, trigger, cause);
            return cause;
        } catch (RuntimeException | Error e) {
            LOG.error("Executed 'Functions.{}' (Failed, Id={}, {})", function.name(), context.getInvocationId(), trigger, e);
            return e;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("Executed 'Functions.{}' (Succeeded, Id={}, Duration={}ms, {})", function.name(), context.getInvocationId(),
                    (System.nanoTime() - start) / 1_000_000, trigger);
        }
        return null;
    }

    /** The message the host reports for a failed invocation (FunctionInvocationException). */
    public static String failureMessage(LoadedFunction function) {
        return "Exception while executing function: Functions." + function.name();
    }
}
