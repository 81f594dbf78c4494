package com.aisaas.devhost.host.testapp;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Functions that report what they received. */
public class RequestFunctions {

    @FunctionName("Headers")
    public Map<String, String> headers(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS)
                                       HttpRequestMessage<Optional<String>> req) {
        return req.getHeaders();
    }

    @FunctionName("Query")
    public Map<String, String> query(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS)
                                     HttpRequestMessage<Optional<String>> req) {
        return req.getQueryParameters();
    }

    @FunctionName("Shape")
    public Map<String, String> shape(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS)
                                     HttpRequestMessage<Optional<String>> req) {
        Map<String, String> shape = new LinkedHashMap<>();
        shape.put("uri", req.getUri().toString());
        shape.put("method", req.getHttpMethod().name());
        return shape;
    }

    @FunctionName("BodyText")
    public String text(@HttpTrigger(name = "req", methods = HttpMethod.POST, authLevel = AuthorizationLevel.ANONYMOUS)
                       HttpRequestMessage<Optional<String>> req) {
        return req.getBody().map(b -> "text:" + b).orElse("empty");
    }

    @FunctionName("BodyBytes")
    public String bytes(@HttpTrigger(name = "req", methods = HttpMethod.POST, authLevel = AuthorizationLevel.ANONYMOUS)
                        HttpRequestMessage<Optional<byte[]>> req) {
        return req.getBody().map(b -> "bytes:" + b.length + ":" + (b[0] & 0xFF)).orElse("empty");
    }

    @FunctionName("BodyItem")
    public String item(@HttpTrigger(name = "req", methods = HttpMethod.POST, authLevel = AuthorizationLevel.ANONYMOUS)
                       HttpRequestMessage<Optional<Item>> req) {
        return req.getBody().map(i -> "item:" + i.name + "x" + i.quantity).orElse("empty");
    }

    @FunctionName("BodyRequiredString")
    public String requiredString(@HttpTrigger(name = "req", methods = HttpMethod.POST, authLevel = AuthorizationLevel.ANONYMOUS)
                                 HttpRequestMessage<String> req) {
        return "required:" + req.getBody();
    }

    @FunctionName("BodyRequiredItem")
    public String requiredItem(@HttpTrigger(name = "req", methods = HttpMethod.POST, authLevel = AuthorizationLevel.ANONYMOUS)
                               HttpRequestMessage<Item> req) {
        return "item:" + req.getBody().name;
    }

    /** The body alone, when the trigger parameter is not an HttpRequestMessage. */
    @FunctionName("BodyOnly")
    public String bodyOnly(@HttpTrigger(name = "req", methods = HttpMethod.POST, authLevel = AuthorizationLevel.ANONYMOUS) String body) {
        return "only:" + body;
    }

    @FunctionName("BodyUtf8")
    public HttpResponseMessage utf8(@HttpTrigger(name = "req", methods = HttpMethod.POST, authLevel = AuthorizationLevel.ANONYMOUS)
                                    HttpRequestMessage<Optional<String>> req) {
        byte[] bytes = req.getBody().orElse("").getBytes(StandardCharsets.UTF_8);
        return req.createResponseBuilder(HttpStatus.OK).body(String.valueOf(bytes.length)).build();
    }
}
