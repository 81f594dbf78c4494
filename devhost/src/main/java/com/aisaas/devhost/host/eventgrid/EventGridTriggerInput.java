package com.aisaas.devhost.host.eventgrid;

import com.aisaas.devhost.host.worker.TriggerInput;
import com.google.gson.JsonElement;
import java.util.Map;

/**
 * One Event Grid event for one invocation: its JSON text as the worker receives it, and its top-level members as binding
 * data for {@code @BindingName} (strings as they are, other values as JSON).
 */
final class EventGridTriggerInput implements TriggerInput {

    private final JsonElement event;
    private final String text;

    EventGridTriggerInput(JsonElement event) {
        this.event = event;
        this.text = EventJson.indented(event);
    }

    String text() {
        return text;
    }

    @Override
    public Object bindingData(String name) {
        if (!event.isJsonObject()) {
            return null;
        }
        for (Map.Entry<String, JsonElement> member : event.getAsJsonObject().entrySet()) {
            if (member.getKey().equalsIgnoreCase(name)) {
                JsonElement value = member.getValue();
                if (value == null || value.isJsonNull()) {
                    return null;
                }
                return value.isJsonPrimitive() ? value.getAsString() : value.toString();
            }
        }
        return null;
    }
}
