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

    @Test
    void keepsTheFirstBytesForExtraction_andSaysWhetherThatIsAll() {
        byte[] big = new byte[300_000];
        new Random(2).nextBytes(big);
        ContentProbe bounded = new ContentProbe(1024, 100_000);
        ContentProbe whole = new ContentProbe(1024, 400_000);
        ContentProbe none = new ContentProbe(1024);

        for (int offset = 0; offset < big.length; offset += 4096) {
            int n = Math.min(4096, big.length - offset);
            bounded.write(big, offset, n);
            whole.write(big, offset, n);
            none.write(big, offset, n);
        }

        assertThat(bounded.captured()).isEqualTo(Arrays.copyOf(big, 100_000));
        assertThat(bounded.capturedAll()).isFalse();
        assertThat(whole.captured()).isEqualTo(big);
        assertThat(whole.capturedAll()).isTrue();
        assertThat(none.captured()).isNull();
    }
}
