package com.aisaas.devhost.host;

import com.google.gson.Gson;

/** The one Gson instance, configured like the Java worker's (plain {@code new Gson()}); thread-safe. */
final class Json {

    static final Gson GSON = new Gson();

    private Json() {
    }
}
