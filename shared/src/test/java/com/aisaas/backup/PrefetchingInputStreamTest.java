package com.aisaas.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrefetchingInputStreamTest {

    @Test
    void read_returnsEverythingTheProducerWrote_acrossManyChunks() throws IOException {
        byte[] data = new byte[PrefetchingInputStream.CHUNK * (PrefetchingInputStream.CHUNKS * 3) + 12345];
        new Random(7).nextBytes(data);

        try (InputStream in = new PrefetchingInputStream(out -> {
            for (int i = 0; i < data.length; i += 10_000) {
                out.write(data, i, Math.min(10_000, data.length - i));
            }
        }, "test-prefetch")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void read_afterAProducerFailure_throwsIt_neverAQuietEndOfStream() {
        InputStream in = new PrefetchingInputStream(out -> {
            out.write(new byte[1000]);
            throw new IOException("connection reset");
        }, "test-prefetch");

        ByteArrayOutputStream got = new ByteArrayOutputStream();
        assertThatThrownBy(() -> in.transferTo(got)).isInstanceOf(IOException.class).hasMessage("connection reset");
    }

    @Test
    void close_beforeTheEnd_stopsTheProducer() throws Exception {
        Thread[] producerThread = new Thread[1];
        InputStream in = new PrefetchingInputStream(out -> {
            producerThread[0] = Thread.currentThread();
            while (true) {
                out.write(new byte[64 * 1024]);
            }
        }, "test-prefetch");
        assertThat(in.read()).isEqualTo(0);

        in.close();

        producerThread[0].join(10_000);
        assertThat(producerThread[0].isAlive()).isFalse();
    }
}
