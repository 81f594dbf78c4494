package com.aisaas.devhost.host;

/** Where an HTTP route leads: the function and its auth level. */
record HttpEndpoint(LoadedFunction function, AuthLevel authLevel) {
}
