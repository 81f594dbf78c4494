package com.aisaas.devhost.host.eventgrid;

import com.aisaas.devhost.concurrent.DaemonThreads;
import com.aisaas.devhost.host.worker.BindingMetadata;
import com.aisaas.devhost.host.worker.EventBinding;
import com.aisaas.devhost.host.worker.Invocations;
import com.aisaas.devhost.host.worker.LoadedFunction;
import com.aisaas.devhost.host.worker.ParameterBinder;
import com.aisaas.devhost.host.worker.QueryValues;
import com.aisaas.devhost.host.worker.TriggerSupport;
import com.google.gson.JsonElement;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code eventGridTrigger} functions (docs/functions-host.md §2), reached through {@code /runtime/webhooks/eventgrid?functionName=<Name>}
 * with the {@code eventgrid_extension} system key. Single dispatch: one invocation per event of a Notification, all in
 * parallel; when all succeed the answer is 202, otherwise 500 with the first failure's message (Event Grid then resends
 * the whole batch). The trigger parameter is the one annotated {@code @EventGridTrigger} or named after the binding with
 * {@code @BindingName}; it receives the event as JSON text or a POJO ({@link EventBinding}).
 */
public final class EventGridTriggerSupport implements TriggerSupport, WebhookTarget, AutoCloseable {

    public static final String TYPE = "eventGridTrigger";
    static final String EXTENSION = "eventgrid";

    private final String systemKey;
    private final Consumer<String> functionLog;
    private final Map<String, LoadedFunction> functions = new LinkedHashMap<>();
    private final ExecutorService parallel;

    public EventGridTriggerSupport(String systemKey, Consumer<String> functionLog) {
        this.systemKey = systemKey;
        this.functionLog = functionLog;
        this.parallel = Executors.newCachedThreadPool(DaemonThreads.named("devhost-eventgrid-"));
    }

    @Override
    public String bindingType() {
        return TYPE;
    }

    @Override
    public ParameterBinder triggerParameter(Parameter parameter, BindingMetadata trigger) {
        if (!TriggerSupport.receivesTrigger(parameter, trigger, EventGridTrigger.class)) {
            return null;
        }
        EventBinding binding = EventBinding.forType(parameter.getParameterizedType());
        return (context, input) -> binding.convert(((EventGridTriggerInput) input).text());
    }

    @Override
    public synchronized void attach(LoadedFunction function) {
        functions.put(function.name(), function);
    }

    @Override
    public String describe(LoadedFunction function, String baseUrl) {
        return "eventGridTrigger [POST] " + baseUrl + webhookPath(function) + " (" + EXTENSION + "_extension key)";
    }

    @Override
    public String extension() {
        return EXTENSION;
    }

    @Override
    public String systemKey() {
        return systemKey;
    }

    /** The listener names of the extension are the function names, matched exactly. */
    @Override
    public synchronized LoadedFunction find(String functionName) {
        return functions.get(functionName);
    }

    public synchronized List<LoadedFunction> functions() {
        return new ArrayList<>(functions.values());
    }

    @Override
    public String webhookPath(LoadedFunction function) {
        return "/runtime/webhooks/" + EXTENSION + "?functionName=" + QueryValues.encode(function.name());
    }

    @Override
    public WebhookResult notify(LoadedFunction function, String functionName, List<JsonElement> events) {
        if (events.isEmpty()) {
            return WebhookResult.empty(202);
        }
        List<CompletableFuture<Throwable>> others = new ArrayList<>(events.size() - 1);
        for (int i = 1; i < events.size(); i++) {
            JsonElement event = events.get(i);
            others.add(CompletableFuture.supplyAsync(() -> invoke(function, event), parallel));
        }
        List<Throwable> failures = new ArrayList<>(events.size());
        failures.add(invoke(function, events.get(0)));
        for (CompletableFuture<Throwable> other : others) {
            failures.add(other.join());
        }
        for (Throwable failure : failures) {
            if (failure != null) {
                return WebhookResult.text(500, Invocations.failureMessage(function));
            }
        }
        return WebhookResult.empty(202);
    }

    private Throwable invoke(LoadedFunction function, JsonElement event) {
        String id = EventJson.string(event, "id");
        return Invocations.run(function, new EventGridTriggerInput(event), functionLog,
                "event " + (id == null ? "without id" : id) + ", " + EventJson.eventType(event));
    }

    @Override
    public void close() {
        parallel.shutdown();
        try {
            parallel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
