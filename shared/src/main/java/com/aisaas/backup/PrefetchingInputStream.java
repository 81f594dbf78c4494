package com.aisaas.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * An input stream fed by a producer that writes to an {@link OutputStream} on a thread of its own (here a blob
 * download with {@code BlobClient.downloadStream}, which is much faster than reading a blob stream in ranges), so
 * that downloading and consuming overlap. At most {@value #CHUNKS} chunks of {@value #CHUNK} bytes are buffered.
 * A failure of the producer is thrown by {@link #read} after the data that arrived before it.
 */
final class PrefetchingInputStream extends InputStream {

    static final int CHUNK = 256 * 1024;
    static final int CHUNKS = 8;

    /** Writes everything to {@code out}; called on the prefetch thread. */
    @FunctionalInterface
    interface Producer {
        void writeTo(OutputStream out) throws IOException;
    }

    private record Chunk(byte[] bytes, int length) {
    }

    private static final Chunk END = new Chunk(new byte[0], 0);

    private final BlockingQueue<Chunk> ready = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
    private final Thread thread;
    private volatile Throwable failure;
    private Chunk current;
    private int position;
    private boolean ended;
    private boolean closed;

    PrefetchingInputStream(Producer producer, String threadName) {
        for (int i = 0; i < CHUNKS; i++) {
            free.add(new byte[CHUNK]);
        }
        thread = new Thread(() -> produce(producer), threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void produce(Producer producer) {
        Sink sink = new Sink();
        try {
            producer.writeTo(sink);
            sink.close();                              // the last chunk, then END
        } catch (Throwable e) {
            failure = e;                               // set before END is queued: the reader sees it with END
            ready.offer(END);                          // always fits: at most CHUNKS data chunks exist
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        while (current == null || position == current.length()) {
            if (ended) {
                return -1;
            }
            if (current != null && current != END) {
                free.offer(current.bytes());
            }
            try {
                current = ready.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading a download");
            }
            position = 0;
            if (current == END) {
                ended = true;
                Throwable f = failure;
                if (f != null) {
                    throw f instanceof IOException io ? io : new IOException("download failed: " + f, f);
                }
                return -1;
            }
        }
        int n = Math.min(len, current.length() - position);
        System.arraycopy(current.bytes(), position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            thread.interrupt();
            ready.clear();
        }
    }

    /** The producer's side: slices what it writes into chunks. */
    private final class Sink extends OutputStream {
        private byte[] chunk;
        private int filled;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (chunk == null) {
                    chunk = await(free);
                    filled = 0;
                }
                int n = Math.min(len, CHUNK - filled);
                System.arraycopy(b, off, chunk, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == CHUNK) {
                    flushChunk();
                }
            }
        }

        private void flushChunk() throws IOException {
            if (chunk != null && filled > 0) {
                put(new Chunk(chunk, filled));
                chunk = null;
            }
        }

        @Override
        public void close() throws IOException {
            flushChunk();
            put(END);
        }

        private void put(Chunk c) throws IOException {
            try {
                ready.put(c);
            } catch (InterruptedException e) {
                throw new InterruptedIOException("reader went away");
            }
        }

        private byte[] await(BlockingQueue<byte[]> queue) throws IOException {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                throw new InterruptedIOException("reader went away");
            }
        }
    }
}
