package com.aisaas.devhost.host.testapp;

import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/** Entry points the worker would refuse: two public methods with one name, a parameter without a binding. */
public class BrokenFunctions {

    @FunctionName("Overloaded")
    public String overloaded(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req) {
        return "one";
    }

    public String overloaded(String other) {
        return "two";
    }

    @FunctionName("Unbindable")
    public String unbindable(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
                             StringBuilder mystery) {
        return "never";
    }
}
