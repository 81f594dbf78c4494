package com.aisaas.devhost.host.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** host.json's extensions.blobs.poisonBlobThreshold sets the blob trigger's tries, as in the Storage extension 5.x. */
class HostJsonBlobsTest {

    @TempDir
    Path dir;

    @Test
    void poisonBlobThreshold_isRead_andDefaultsToFive() throws Exception {
        Files.writeString(dir.resolve("host.json"),
                "{\"version\":\"2.0\",\"extensions\":{\"blobs\":{\"maxDegreeOfParallelism\":16,\"poisonBlobThreshold\":7}}}");

        assertThat(HostJson.read(dir).poisonBlobThreshold()).isEqualTo(7);
        assertThat(new HostJson("api").poisonBlobThreshold()).isEqualTo(5);
    }

    @Test
    void poisonBlobThresholdBelowOne_isRefused() throws Exception {
        Files.writeString(dir.resolve("host.json"), "{\"extensions\":{\"blobs\":{\"poisonBlobThreshold\":0}}}");

        assertThatThrownBy(() -> HostJson.read(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("poisonBlobThreshold");
    }
}
