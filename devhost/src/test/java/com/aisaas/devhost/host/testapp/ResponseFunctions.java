package com.aisaas.devhost.host.testapp;

import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Functions that return each kind of result. */
public class ResponseFunctions {

    @FunctionName("ReturnsString")
    public String string(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req) {
        return "plain text é";
    }

    @FunctionName("ReturnsBytes")
    public byte[] bytes(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req) {
        return new byte[] {1, 2, 3};
    }

    @FunctionName("ReturnsPojo")
    public Item pojo(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req) {
        return new Item("pen", 3);
    }

    @FunctionName("ReturnsNull")
    public String nothing(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req) {
        return null;
    }

    @FunctionName("ReturnsVoid")
    public void returnsVoid(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req) {
    }

    @FunctionName("BuilderDefaults")
    public HttpResponseMessage builderDefaults(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS)
                                               HttpRequestMessage<Optional<String>> req) {
        return req.createResponseBuilder(HttpStatus.OK).build();
    }

    @FunctionName("BuilderFull")
    public HttpResponseMessage builderFull(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS)
                                           HttpRequestMessage<Optional<String>> req) {
        return req.createResponseBuilder(HttpStatus.CREATED)
                .header("X-First", "one")
                .header("x-first", "two")
                .header("Content-Type", "application/vnd.test+json")
                .header("Location", "/api/items/1")
                .body("{\"id\":1}")
                .build();
    }

    @FunctionName("BuilderPojo")
    public HttpResponseMessage builderPojo(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS)
                                           HttpRequestMessage<Optional<String>> req) {
        return req.createResponseBuilder(HttpStatusType.custom(299)).body(new Item("cup", 2)).build();
    }

    @FunctionName("BuilderBytes")
    public HttpResponseMessage builderBytes(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS)
                                            HttpRequestMessage<Optional<String>> req) {
        return req.createResponseBuilder(HttpStatus.ACCEPTED).body("abc".getBytes(StandardCharsets.UTF_8)).build();
    }

    @FunctionName("NoContent")
    public HttpResponseMessage noContent(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS)
                                         HttpRequestMessage<Optional<String>> req) {
        return req.createResponseBuilder(HttpStatus.NO_CONTENT).build();
    }

    @FunctionName("Throws")
    public String fails(@HttpTrigger(name = "req", authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req) {
        throw new IllegalStateException("secret detail that must not leak");
    }
}
