package com.aisaas.devhost.host.worker;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The trigger kinds a host serves, by function.json binding type (case-insensitive). */
public final class TriggerRegistry {

    private final Map<String, TriggerSupport> supports = new LinkedHashMap<>();

    public TriggerRegistry register(TriggerSupport support) {
        String key = support.bindingType().toLowerCase(Locale.ROOT);
        if (supports.putIfAbsent(key, support) != null) {
            throw new IllegalStateException("trigger type registered twice: " + support.bindingType());
        }
        return this;
    }

    public Optional<TriggerSupport> find(String bindingType) {
        return Optional.ofNullable(supports.get(bindingType.toLowerCase(Locale.ROOT)));
    }
}
