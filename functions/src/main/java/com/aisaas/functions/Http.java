package com.aisaas.functions;

import com.aisaas.common.Json;
import com.aisaas.common.Problem;
import com.aisaas.common.ProblemResponse;
import com.aisaas.common.Problems;
import com.aisaas.telemetry.Invocations;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one place where HTTP functions meet shared: runs the call inside {@link Invocations#run} (MDC with the
 * invocation id, timer, error counter, one log line), writes results as JSON strings and maps every
 * exception to an RFC 9457 problem (never a stack trace).
 */
final class Http {

    static final String JSON = "application/json";
    static final String CONTENT_TYPE = "Content-Type";
    static final String RETRY_AFTER = "Retry-After";
    static final String CACHE_CONTROL = "Cache-Control";

    private Http() {
    }

    /**
     * Runs {@code work} as invocation {@code ctx.getInvocationId()} of {@code functionName}; an exception
     * becomes a problem+json response.
     */
    static HttpResponseMessage respond(String functionName, HttpRequestMessage<?> request, ExecutionContext ctx,
                                       Supplier<HttpResponseMessage> work) {
        String invocationId = ctx == null ? null : ctx.getInvocationId();
        try {
            return Invocations.run(functionName, invocationId, work);
        } catch (RuntimeException e) {
            return problem(request, e, invocationId);
        }
    }

    /** {@code body} as JSON with {@code status}; {@code headers} are name/value pairs. */
    static HttpResponseMessage json(HttpRequestMessage<?> request, HttpStatusType status, Object body,
                                    String... headers) {
        return text(request, status, Json.write(body), JSON, headers);
    }

    static HttpResponseMessage text(HttpRequestMessage<?> request, HttpStatusType status, String body,
                                    String contentType, String... headers) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers must be name/value pairs");
        }
        HttpResponseMessage.Builder builder = request.createResponseBuilder(status)
                .header(CONTENT_TYPE, contentType);
        for (int i = 0; i < headers.length; i += 2) {
            builder = builder.header(headers[i], headers[i + 1]);
        }
        return builder.body(body).build();
    }

    static HttpResponseMessage problem(HttpRequestMessage<?> request, Throwable error, String invocationId) {
        String path = request.getUri() == null ? null : request.getUri().getPath();
        ProblemResponse response = Problems.from(error, path, invocationId);
        HttpStatusType status = HttpStatus.valueOf(response.status());
        HttpResponseMessage.Builder builder = request.createResponseBuilder(status)
                .header(CONTENT_TYPE, Problem.MEDIA_TYPE);
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            builder = builder.header(header.getKey(), header.getValue());
        }
        return builder.body(Json.write(response.problem())).build();
    }
}
