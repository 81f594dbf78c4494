package com.aisaas.devhost.host.storage;

/**
 * Names the host uses in its own storage account ({@code AzureWebJobsStorage}): the container of blob receipts, timer
 * statuses and listener locks, and a function's id as the host writes it there and in blob-trigger messages
 * (docs/functions-host.md §3.2, §4.2).
 */
public final class HostStorage {

    /** The host's container: {@code blobreceipts/}, {@code timers/}, {@code locks/}. */
    public static final String CONTAINER = "azure-webjobs-hosts";

    /** A function's id as the host names it: {@code Host.Functions.<Name>}. */
    public static final String FUNCTION_ID_PREFIX = "Host.Functions.";

    private HostStorage() {
    }
}
