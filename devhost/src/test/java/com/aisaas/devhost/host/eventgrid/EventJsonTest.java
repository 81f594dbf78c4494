package com.aisaas.devhost.host.eventgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    @Test
    void indented_isNewtonsoftsIndentedFormat_keepingNullsNumbersAndHtmlCharacters() {
        JsonElement event = JsonParser.parseString("{\"id\":\"a<b>&'\",\"n\":524288,\"f\":1.50,\"x\":null,\"arr\":[1,\"two\"],\"o\":{}}");
        assertThat(EventJson.indented(event)).isEqualTo("{\n"
                + "  \"id\": \"a<b>&'\",\n"
                + "  \"n\": 524288,\n"
                + "  \"f\": 1.50,\n"
                + "  \"x\": null,\n"
                + "  \"arr\": [\n"
                + "    1,\n"
                + "    \"two\"\n"
                + "  ],\n"
                + "  \"o\": {}\n"
                + "}");
    }

    @Test
    void events_areTheArrayElements_orTheSingleObject() {
        assertThat(EventJson.events("[{\"id\":\"1\"},{\"id\":\"2\"}]")).hasSize(2);
        List<JsonElement> single = EventJson.events("{\"id\":\"1\",\"specversion\":\"1.0\",\"type\":\"T\"}");
        assertThat(single).hasSize(1);
        assertThat(EventJson.isCloudEvent(single.get(0))).isTrue();
        assertThat(EventJson.eventType(single.get(0))).isEqualTo("T");
        assertThat(EventJson.eventType(JsonParser.parseString("{\"eventType\":\"E\",\"type\":\"no\"}"))).isEqualTo("E");
        assertThatThrownBy(() -> EventJson.events("\"text\"")).hasMessageContaining("JSON object or array");
        assertThatThrownBy(() -> EventJson.events("")).hasMessageContaining("no body");
    }

    @Test
    void validationCode_comesFromTheFirstEventsData() {
        assertThat(EventJson.validationCode("[{\"data\":{\"validationCode\":\"abc\"}},{\"data\":{\"validationCode\":\"zzz\"}}]"))
                .isEqualTo("abc");
        assertThat(EventJson.validationCode("{\"data\":\"{\\\"validationCode\\\":\\\"enc\\\"}\"}")).isEqualTo("enc");
        assertThatThrownBy(() -> EventJson.validationCode("[{\"data\":{}}]")).hasMessageContaining("validationCode");
        assertThat(EventJson.validationResponse("c<d")).isEqualTo("{\"validationResponse\":\"c<d\"}");
    }
}
