package com.aisaas.devhost.host.testapp;

import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/** Functions behind keys. */
public class SecuredFunctions {

    @FunctionName("FunctionLevel")
    public String functionLevel(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req) {
        return "function-ok";
    }

    @FunctionName("AdminLevel")
    public String adminLevel(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ADMIN) HttpRequestMessage<Optional<String>> req) {
        return "admin-ok";
    }
}
