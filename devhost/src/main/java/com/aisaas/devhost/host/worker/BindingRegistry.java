package com.aisaas.devhost.host.worker;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The input and output binding kinds a host serves, by function.json binding type (case-insensitive). */
public final class BindingRegistry {

    private final Map<String, BindingSupport> supports = new LinkedHashMap<>();

    public BindingRegistry register(BindingSupport support) {
        String key = support.bindingType().toLowerCase(Locale.ROOT);
        if (supports.putIfAbsent(key, support) != null) {
            throw new IllegalStateException("binding type registered twice: " + support.bindingType());
        }
        return this;
    }

    public Optional<BindingSupport> find(String bindingType) {
        return Optional.ofNullable(supports.get(bindingType.toLowerCase(Locale.ROOT)));
    }
}
