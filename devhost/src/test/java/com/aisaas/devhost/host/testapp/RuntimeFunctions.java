package com.aisaas.devhost.host.testapp;

import com.aisaas.devhost.host.testapp.probe.Probe;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/** Functions that report how the host runs them. */
public class RuntimeFunctions {

    private static int constructed;
    private int calls;

    public RuntimeFunctions() {
        synchronized (RuntimeFunctions.class) {
            constructed++;
        }
    }

    @FunctionName("Instance")
    public String instance(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req) {
        calls++;
        synchronized (RuntimeFunctions.class) {
            return "calls=" + calls + ",constructed=" + constructed;
        }
    }

    @FunctionName("Context")
    public String context(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
                          ExecutionContext context) {
        context.getLogger().info("logged from the function");
        return context.getInvocationId() + "|" + context.getFunctionName() + "|" + (context.getTraceContext() == null);
    }

    @FunctionName("Loader")
    public String loader(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req) {
        ClassLoader own = getClass().getClassLoader();
        return own.getName() + "|" + (Thread.currentThread().getContextClassLoader() == own);
    }

    @FunctionName("Sleepy")
    public String sleepy(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req)
            throws InterruptedException {
        Probe.runFor(100);
        return "slept";
    }

    @FunctionName("Slow")
    public String slow(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req)
            throws InterruptedException {
        Probe.slowEntered.countDown();
        Thread.sleep(700);
        return "finished";
    }
}
