package com.aisaas.functions;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Mockito doubles of the Functions library's request, context and response builder, recording what was built. */
final class FakeHttp {

    private FakeHttp() {
    }

    /** What a function returned: status, headers (names as given) and body. */
    record Response(int status, Map<String, String> headers, Object body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }

    @SuppressWarnings("unchecked")
    static HttpRequestMessage<Optional<String>> request(String path) {
        HttpRequestMessage<Optional<String>> request = mock(HttpRequestMessage.class);
        lenient().when(request.getUri()).thenReturn(URI.create("http://localhost:7071" + path));
        lenient().when(request.getBody()).thenReturn(Optional.empty());
        lenient().when(request.createResponseBuilder(any(HttpStatus.class)))
                .thenAnswer(invocation -> builder(invocation.getArgument(0)));
        lenient().when(request.createResponseBuilder(any(HttpStatusType.class)))
                .thenAnswer(invocation -> builder(invocation.getArgument(0)));
        return request;
    }

    static ExecutionContext context(String invocationId) {
        ExecutionContext context = mock(ExecutionContext.class);
        lenient().when(context.getInvocationId()).thenReturn(invocationId);
        return context;
    }

    /** Reads back what the mocked builder recorded. */
    static Response read(HttpResponseMessage message) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : new String[] {"Content-Type", "Retry-After", "Cache-Control"}) {
            String value = message.getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return new Response(message.getStatusCode(), headers, message.getBody());
    }

    private static HttpResponseMessage.Builder builder(HttpStatusType initial) {
        HttpResponseMessage.Builder builder = mock(HttpResponseMessage.Builder.class);
        HttpStatusType[] status = {initial};
        Map<String, String> headers = new LinkedHashMap<>();
        Object[] body = {null};
        lenient().when(builder.status(any())).thenAnswer(i -> {
            status[0] = i.getArgument(0);
            return builder;
        });
        lenient().when(builder.header(anyString(), anyString())).thenAnswer(i -> {
            headers.put(i.getArgument(0), i.getArgument(1));
            return builder;
        });
        lenient().when(builder.body(any())).thenAnswer(i -> {
            body[0] = i.getArgument(0);
            return builder;
        });
        lenient().when(builder.build()).thenAnswer(i -> {
            HttpResponseMessage response = mock(HttpResponseMessage.class);
            lenient().when(response.getStatus()).thenReturn(status[0]);
            lenient().when(response.getStatusCode()).thenReturn(status[0].value());
            lenient().when(response.getBody()).thenReturn(body[0]);
            lenient().when(response.getHeader(anyString())).thenAnswer(h -> headers.get((String) h.getArgument(0)));
            return response;
        });
        return builder;
    }
}
