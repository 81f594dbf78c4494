package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.search.SearchQuery;
import com.aisaas.search.SearchService;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/search?q&cursor&limit&status&contentType&from&to&tag}: the caller's files that contain the
 * words, best first, each with its highlighted passage; keyset paginated ({@code nextCursor}).
 */
public final class SearchFilesHttpFunction {

    static final String NAME = "SearchFiles";

    private final Supplier<SearchService> search;
    private final Http.Pipeline pipeline;

    public SearchFilesHttpFunction() {
        this(() -> AppContext.get().search(), Http.Pipeline.standard());
    }

    SearchFilesHttpFunction(Supplier<SearchService> search, Http.Pipeline pipeline) {
        this.search = search;
        this.pipeline = pipeline;
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "v1/search",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            ExecutionContext ctx) {
        return pipeline.run(NAME, req, ctx, call -> Http.Reply.json(200,
                search.get().search(call.actor(), SearchQuery.parse(call.queryParameters()))));
    }
}
