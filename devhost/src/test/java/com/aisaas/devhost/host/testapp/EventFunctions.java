package com.aisaas.devhost.host.testapp;

import com.aisaas.devhost.host.testapp.probe.EventProbe;
import com.aisaas.devhost.host.testapp.probe.Probe;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import java.util.HashMap;
import java.util.Map;

/** Event Grid trigger functions; each records what it received under its function name. */
public class EventFunctions {

    public void text(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
        EventProbe.record(context.getFunctionName(), Map.of("event", event, "invocationId", context.getInvocationId()));
        EventProbe.maybeFail(context.getFunctionName());
    }

    public void typed(@EventGridTrigger(name = "event") GridEvent event, ExecutionContext context) {
        Map<String, Object> values = new HashMap<>();
        values.put("id", event.id);
        values.put("type", event.eventType != null ? event.eventType : event.type);
        values.put("cloudEvent", event.specversion != null);
        values.put("subject", event.subject);
        values.put("url", event.data == null ? null : event.data.url);
        values.put("contentLength", event.data == null ? null : event.data.contentLength);
        EventProbe.record(context.getFunctionName(), values);
    }

    /** Fails for events whose text mentions "please-fail". */
    public void picky(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
        EventProbe.record(context.getFunctionName(), Map.of("event", event));
        if (event.contains("please-fail")) {
            throw new IllegalStateException("refused");
        }
    }

    public void slow(@EventGridTrigger(name = "event") String event, ExecutionContext context) throws InterruptedException {
        Probe.runFor(300);
        EventProbe.record(context.getFunctionName(), Map.of("event", event));
    }

    public void bound(@EventGridTrigger(name = "event") String event, @BindingName("subject") String subject,
                      @BindingName("data") Map<String, Object> data, ExecutionContext context) {
        EventProbe.record(context.getFunctionName(), Map.of("subject", subject, "api", String.valueOf(data.get("api"))));
    }

    public void bytes(@EventGridTrigger(name = "event") byte[] event) {
        throw new IllegalStateException("never bound");
    }
}
