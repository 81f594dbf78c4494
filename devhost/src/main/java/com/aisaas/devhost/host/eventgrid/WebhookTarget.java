package com.aisaas.devhost.host.eventgrid;

import com.aisaas.devhost.host.worker.LoadedFunction;
import com.google.gson.JsonElement;
import java.util.List;

/**
 * A trigger kind reached through {@code /runtime/webhooks/<extension>?functionName=...} (docs/functions-host.md §2, §3): Event Grid
 * ({@code eventgrid}) and blob triggers with source EventGrid ({@code blobs}).
 */
public interface WebhookTarget {

    /** The extension segment of the path, lower case ({@code eventgrid}, {@code blobs}). */
    String extension();

    /** The system key of the extension ({@code <extension>_extension}); the master key is accepted as well. */
    String systemKey();

    /** The function the {@code functionName} query value names, or null (the webhook answers 404). */
    LoadedFunction find(String functionName);

    /**
     * Handles one Notification: the events of the body (array elements, or the single object).
     *
     * @param functionName the {@code functionName} query value as sent
     */
    WebhookResult notify(LoadedFunction function, String functionName, List<JsonElement> events);

    /** The webhook URL of a function, relative to the host ({@code /runtime/webhooks/...?functionName=...}), without key. */
    String webhookPath(LoadedFunction function);
}
