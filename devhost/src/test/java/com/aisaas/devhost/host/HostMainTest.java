package com.aisaas.devhost.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HostMainTest {

    @Test
    void arguments_defaultToPort7071() {
        HostMain.Arguments arguments = HostMain.Arguments.parse(new String[] {"--app", "target/app"});
        assertThat(arguments.app).isEqualTo(Path.of("target/app"));
        assertThat(arguments.port).isEqualTo(7071);
        assertThat(arguments.host).isNull();
    }

    @Test
    void arguments_readPortAndHost() {
        HostMain.Arguments arguments = HostMain.Arguments.parse(new String[] {"--port", "8081", "--app", "a", "--host", "127.0.0.1"});
        assertThat(arguments.port).isEqualTo(8081);
        assertThat(arguments.host).isEqualTo("127.0.0.1");
    }

    @Test
    void arguments_rejectMissingAppOrBadValues() {
        assertThatThrownBy(() -> HostMain.Arguments.parse(new String[] {"--port", "1"})).hasMessageContaining("--app");
        assertThatThrownBy(() -> HostMain.Arguments.parse(new String[] {"--app", "a", "--port", "x"})).hasMessageContaining("--port");
        assertThatThrownBy(() -> HostMain.Arguments.parse(new String[] {"--app"})).hasMessageContaining("missing value");
        assertThatThrownBy(() -> HostMain.Arguments.parse(new String[] {"--app", "a", "--nope", "1"})).hasMessageContaining("--nope");
    }
}
