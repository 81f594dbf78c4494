package com.aisaas.devhost.host.testapp;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;
import java.util.UUID;

/** Functions whose answer tells which route matched and what the route values were. */
public class RouteFunctions {

    @FunctionName("ItemByGuid")
    public String byGuid(@HttpTrigger(name = "req", methods = HttpMethod.GET, authLevel = AuthorizationLevel.ANONYMOUS,
            route = "items/{id:guid}") HttpRequestMessage<Optional<String>> req, @BindingName("id") UUID id) {
        return "guid:" + id;
    }

    @FunctionName("ItemByNumber")
    public String byNumber(@HttpTrigger(name = "req", methods = HttpMethod.GET, authLevel = AuthorizationLevel.ANONYMOUS,
            route = "items/{n:int}") HttpRequestMessage<Optional<String>> req, @BindingName("n") int n) {
        return "int:" + (n + 1);
    }

    @FunctionName("ItemLatest")
    public String latest(@HttpTrigger(name = "req", methods = HttpMethod.GET, authLevel = AuthorizationLevel.ANONYMOUS,
            route = "items/latest") HttpRequestMessage<Optional<String>> req) {
        return "literal";
    }

    @FunctionName("ItemByName")
    public String byName(@HttpTrigger(name = "req", methods = HttpMethod.GET, authLevel = AuthorizationLevel.ANONYMOUS,
            route = "items/{name}") HttpRequestMessage<Optional<String>> req, @BindingName("name") String name) {
        return "param:" + name;
    }

    /** Shared by many routes: echoes one route value, "absent" when the host left it out. */
    @FunctionName("Echo")
    public String echo(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
                       @BindingName("v") String v, ExecutionContext context) {
        return context.getFunctionName() + ":" + (v == null ? "absent" : v);
    }

    @FunctionName("Flags")
    public String flags(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS, route = "flags/{b:bool}/{n:long}")
                        HttpRequestMessage<Optional<String>> req, @BindingName("b") boolean b, @BindingName("n") long n) {
        return b + "/" + (n + 1);
    }

    @FunctionName("ThingsGet")
    public String thingsGet(@HttpTrigger(name = "req", methods = HttpMethod.GET, authLevel = AuthorizationLevel.ANONYMOUS,
            route = "things") HttpRequestMessage<Optional<String>> req) {
        return "get";
    }

    @FunctionName("ThingsPost")
    public String thingsPost(@HttpTrigger(name = "req", methods = HttpMethod.POST, authLevel = AuthorizationLevel.ANONYMOUS,
            route = "things") HttpRequestMessage<Optional<String>> req) {
        return "post";
    }

    /** Static entry points are allowed too. */
    @FunctionName("Hello")
    public static String hello(@HttpTrigger(name = "req", methods = HttpMethod.GET, authLevel = AuthorizationLevel.ANONYMOUS)
                               HttpRequestMessage<Optional<String>> req) {
        return "hello";
    }
}
