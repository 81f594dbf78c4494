package com.aisaas.devhost.host.http;

import com.aisaas.devhost.host.worker.BindingMetadata;
import com.aisaas.devhost.host.worker.HostJson;
import com.aisaas.devhost.host.worker.LoadedFunction;
import com.aisaas.devhost.host.worker.ParameterBinder;
import com.aisaas.devhost.host.worker.TriggerSupport;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code httpTrigger} functions (docs/functions-host.md §1): route = routePrefix + "/" + route (function name when the route is
 * empty), methods from function.json (none = all), authLevel (default FUNCTION). The trigger parameter is the one
 * annotated {@code @HttpTrigger}, or named after the binding with {@code @BindingName}, or typed
 * {@code HttpRequestMessage}; declared as anything but {@code HttpRequestMessage} it receives the body alone.
 */
public final class HttpTriggerSupport implements TriggerSupport {

    static final String TYPE = "httpTrigger";

    private final String routePrefix;
    private final List<RouteTable.Route<HttpEndpoint>> routes = new ArrayList<>();
    private final Map<String, RouteTable.Route<HttpEndpoint>> byFunction = new HashMap<>();

    public HttpTriggerSupport(String routePrefix) {
        this.routePrefix = HostJson.trimSlashes(routePrefix == null ? "" : routePrefix);
    }

    @Override
    public String bindingType() {
        return TYPE;
    }

    @Override
    public ParameterBinder triggerParameter(Parameter parameter, BindingMetadata trigger) {
        boolean isTrigger = TriggerSupport.receivesTrigger(parameter, trigger, HttpTrigger.class)
                || (!parameter.isAnnotationPresent(BindingName.class) && parameter.getType() == HttpRequestMessage.class);
        if (!isTrigger) {
            return null;
        }
        if (parameter.getType() == HttpRequestMessage.class) {
            BodyBinding body = BodyBinding.forRequestType(parameter.getParameterizedType());
            return (context, input) -> ((HttpTriggerInput) input).request(body);
        }
        BodyBinding body = BodyBinding.forBodyType(parameter.getParameterizedType());
        return (context, input) -> ((HttpTriggerInput) input).body(body);
    }

    /** @throws IllegalArgumentException for an invalid route template or authLevel */
    @Override
    public void attach(LoadedFunction function) {
        BindingMetadata trigger = function.trigger();
        RouteTemplate template = RouteTemplate.parse(fullRoute(trigger.property("route"), function.name()));
        Set<String> methods = new LinkedHashSet<>();
        for (String method : trigger.listProperty("methods")) {
            if (!method.isBlank()) {
                methods.add(method.trim().toUpperCase(Locale.ROOT));
            }
        }
        AuthLevel authLevel = AuthLevel.parse(trigger.property("authLevel"));
        RouteTable.Route<HttpEndpoint> route = new RouteTable.Route<>(template, methods, new HttpEndpoint(function, authLevel));
        routes.add(route);
        byFunction.put(function.name(), route);
    }

    @Override
    public String describe(LoadedFunction function, String baseUrl) {
        RouteTable.Route<HttpEndpoint> route = byFunction.get(function.name());
        if (route == null) {
            return "not routed";
        }
        Set<String> methods = route.methods();
        AuthLevel authLevel = route.target().authLevel();
        return "[" + (methods.isEmpty() ? "ALL" : String.join(",", new TreeSet<>(methods))) + "] " + baseUrl + "/" + route.template().text()
                + (authLevel == AuthLevel.ANONYMOUS ? "" : " (" + authLevel.name().toLowerCase(Locale.ROOT) + " key)");
    }

    String fullRoute(String route, String functionName) {
        String path = route == null || route.isBlank() ? functionName : HostJson.trimSlashes(route.trim());
        return routePrefix.isEmpty() ? path : path.isEmpty() ? routePrefix : routePrefix + "/" + path;
    }

    public RouteTable<HttpEndpoint> routeTable() {
        return new RouteTable<>(routes);
    }
}
