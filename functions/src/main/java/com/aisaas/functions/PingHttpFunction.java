package com.aisaas.functions;
import com.microsoft.azure.functions.*;
import com.microsoft.azure.functions.annotation.*;
import java.util.Optional;
public final class PingHttpFunction {
  @FunctionName("Ping")
  public HttpResponseMessage run(@HttpTrigger(name="req", methods={HttpMethod.GET}, route="ping", authLevel=AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req, ExecutionContext ctx) {
    return req.createResponseBuilder(HttpStatus.OK).body("ok").build();
  }
}
