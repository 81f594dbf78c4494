package com.aisaas.devhost.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Microsoft's published event payloads, kept in this module's test resources under {@code /events} (see SOURCES.md there). */
final class EventFixtures {

    private EventFixtures() {
    }

    /** A fixture's text, e.g. {@code eventgrid/BlobCreated.PutBlockList.json}. */
    static String read(String relative) {
        String resource = "/events/" + relative;
        try (InputStream in = EventFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
