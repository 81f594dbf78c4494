package com.aisaas.devhost.host.worker;

import com.google.gson.JsonParseException;
import java.lang.reflect.Type;
import java.util.Optional;

/**
 * How an Event Grid trigger parameter receives its event (docs/functions-host.md §2): the worker gets the event as JSON text, which
 * binds to String (or Object, CharSequence) as is and to any other type through Gson; {@code Optional<X>} wraps.
 * {@code byte[]} cannot receive text in the Java worker, so such a parameter is refused at load.
 */
public final class EventBinding {

    private final Type target;
    private final boolean text;
    private final boolean optional;

    private EventBinding(Type target, boolean text, boolean optional) {
        this.target = target;
        this.text = text;
        this.optional = optional;
    }

    /** @throws IllegalArgumentException for {@code byte[]} and {@code Byte[]} */
    public static EventBinding forType(Type declared) {
        boolean optional = Types.isOptional(declared);
        Type target = optional ? Types.argumentOf(declared, Optional.class) : declared;
        Class<?> raw = Types.rawClass(target);
        if (raw == byte[].class || raw == Byte[].class) {
            throw new IllegalArgumentException("an Event Grid event is JSON text and cannot bind to " + target.getTypeName()
                    + "; declare String or a POJO");
        }
        boolean text = raw == String.class || raw == Object.class || raw == CharSequence.class;
        return new EventBinding(target, text, optional);
    }

    public Object convert(String json) {
        Object value;
        if (text) {
            value = json;
        } else {
            try {
                value = Json.GSON.fromJson(json, target);
            } catch (JsonParseException e) {
                throw new BindingException("cannot convert the event to " + target.getTypeName() + ": " + e.getMessage(), e);
            }
        }
        return optional ? Optional.ofNullable(value) : value;
    }
}
