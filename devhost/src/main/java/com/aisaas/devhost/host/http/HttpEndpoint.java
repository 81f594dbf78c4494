package com.aisaas.devhost.host.http;

import com.aisaas.devhost.host.worker.LoadedFunction;
/** Where an HTTP route leads: the function and its auth level. */
record HttpEndpoint(LoadedFunction function, AuthLevel authLevel) {
}
