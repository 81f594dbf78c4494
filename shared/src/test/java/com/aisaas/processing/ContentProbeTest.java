package com.aisaas.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContentProbeTest {

    @Test
    void keepsOnlyTheHead_butHashesAndCountsEverything_whateverTheChunks() throws Exception {
        byte[] big = new byte[1 << 20];
        new Random(1).nextBytes(big);
        ContentProbe probe = new ContentProbe(64 * 1024);

        int offset = 0;
        int chunk = 7;
        while (offset < big.length) {
            int n = Math.min(chunk, big.length - offset);
            probe.write(big, offset, n);
            offset += n;
            chunk = chunk * 3 + 1;
        }

        assertThat(probe.size()).isEqualTo(big.length);
        assertThat(probe.head()).hasSize(64 * 1024).isEqualTo(Arrays.copyOf(big, 64 * 1024));
        assertThat(probe.sha256Hex())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big)));
    }
}
