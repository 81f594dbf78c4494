package com.aisaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** Checks real responses against docs/openapi.yaml, so the spec cannot drift from what the API does. */
final class ApiContract {

    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForSpecificationUrl(Devhost.repoRoot().resolve("docs/openapi.yaml").toUri().toString())
            .build();

    private ApiContract() {
    }

    /** Fails the test when {@code response} is not what the spec says for its method, path and status. */
    static HttpResponse<String> conforms(HttpResponse<String> response) {
        String method = response.request().method();
        String path = response.request().uri().getRawPath();
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(response.statusCode());
        for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
            if (!header.getKey().startsWith(":")) {
                builder.withHeader(header.getKey(), header.getValue());
            }
        }
        if (!response.body().isEmpty()) {
            builder.withBody(response.body());
        }
        ValidationReport report = VALIDATOR.validateResponse(path, Request.Method.valueOf(method), builder.build());
        assertThat(report.hasErrors())
                .as("%s %s -> %d does not match docs/openapi.yaml:%n%s%nbody: %s", method, path,
                        response.statusCode(), SimpleValidationReportFormat.getInstance().apply(report), response.body())
                .isFalse();
        return response;
    }
}
