package com.aisaas.devhost.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {
    @Test
    void choose_freePreferredPort_isKept() {
        int port = Ports.free();

        assertThat(Ports.choose("redis", port, false)).isEqualTo(port);
    }

    @Test
    void choose_busyPreferredPort_fallsBackOrFails() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName(Ports.HOST))) {
            int port = busy.getLocalPort();

            assertThat(Ports.isFree(port)).isFalse();
            assertThat(Ports.accepts(port, 200)).isTrue();
            assertThat(Ports.choose("redis", port, true)).isNotEqualTo(port).isPositive();
            assertThatThrownBy(() -> Ports.choose("redis", port, false))
                    .isInstanceOf(LocalServiceException.class).hasMessageContaining("redis: port " + port);
        }
    }

    @Test
    void choose_zero_meansAnyFreePort() {
        assertThat(Ports.choose("postgres", 0, false)).isPositive();
    }
}
