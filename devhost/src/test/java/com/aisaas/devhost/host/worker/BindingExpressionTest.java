package com.aisaas.devhost.host.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BindingExpressionTest {

    static final Instant NOW = Instant.parse("2026-12-02T14:05:09.123Z");

    static TriggerInput data(Map<String, Object> values) {
        return name -> values.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    @Test
    void evaluate_fillsSettingsAtParse_andTokensFromBindingData() {
        BindingExpression path = BindingExpression.parse("%OUT%/processed-{name}", Map.of("OUT", "processed"));

        assertThat(path.evaluate(data(Map.of("name", "dir/a b.pdf")), NOW)).isEqualTo("processed/processed-dir/a b.pdf");
    }

    @Test
    void evaluate_tokensMatchWithoutRegardToCase() {
        assertThat(BindingExpression.parse("c/{Name}", Map.of()).evaluate(data(Map.of("name", "x")), NOW)).isEqualTo("c/x");
    }

    @Test
    void evaluate_randGuid_isANewGuidEachTime() {
        BindingExpression path = BindingExpression.parse("c/{rand-guid}", Map.of());

        String first = path.evaluate(data(Map.of()), NOW);
        String second = path.evaluate(data(Map.of()), NOW);

        assertThat(first).matches("c/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void evaluate_dateTime_isTheUtcTimeWithDashes() {
        assertThat(BindingExpression.parse("c/{DateTime}.json", Map.of()).evaluate(data(Map.of()), NOW))
                .isEqualTo("c/2026-12-02T14-05-09Z.json");
    }

    @Test
    void evaluate_dottedToken_readsAPropertyOfAJsonValue() {
        TriggerInput input = data(Map.of("data", "{\"url\":\"https://x/c/b.txt\",\"n\":{\"deep\":7}}"));

        assertThat(BindingExpression.parse("{data.url}|{data.n.deep}", Map.of()).evaluate(input, NOW)).isEqualTo("https://x/c/b.txt|7");
    }

    @Test
    void evaluate_doubledBraces_areLiteral() {
        assertThat(BindingExpression.parse("c/{{x}}-{name}", Map.of()).evaluate(data(Map.of("name", "n")), NOW)).isEqualTo("c/{x}-n");
    }

    @Test
    void evaluate_tokenWithoutValue_failsTheInvocation() {
        BindingExpression path = BindingExpression.parse("c/{missing}", Map.of());

        assertThatThrownBy(() -> path.evaluate(data(Map.of()), NOW)).isInstanceOf(BindingException.class).hasMessageContaining("missing");
    }

    @Test
    void parse_unknownSetting_putsTheFunctionInError() {
        assertThatThrownBy(() -> BindingExpression.parse("%NOPE%/x", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NOPE");
    }
}
