package com.aisaas.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * Compresses, hashes and uploads the parts of one table on a thread of its own while the caller reads rows from
 * COPY and checksums them: the two halves of the export use two cores. Rows travel in {@value #CHUNK}-byte chunks
 * from a pool of {@value #CHUNKS}, so at most that much is in flight whatever the table's size, and a slow upload
 * slows the reader down instead of filling the heap. Not thread-safe: one caller thread.
 */
final class PartPipeline implements AutoCloseable {

    static final int CHUNK = 256 * 1024;            // under half a G1 region of a small heap: not humongous
    static final int CHUNKS = 8;

    private record Start(String name) {
    }

    private record Data(byte[] chunk, int length) {
    }

    private record Finish(long rows, long uncompressedBytes) {
    }

    private static final Object END = new Object();
    private static final Object ABORT = new Object();

    private final Function<String, OutputStream> blobs;
    private final BlockingQueue<Object> work = new ArrayBlockingQueue<>(CHUNKS + 4);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
    private final List<BackupManifest.Part> parts = new ArrayList<>();
    private final Thread thread;
    private volatile Throwable failure;
    private byte[] chunk;
    private int filled;
    private boolean ended;

    /** @param blobs opens the blob stream of a part by name (called on the pipeline's thread) */
    PartPipeline(Function<String, OutputStream> blobs, String threadName) {
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        for (int i = 0; i < CHUNKS; i++) {
            free.add(new byte[CHUNK]);
        }
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    void startPart(String name) {
        put(new Start(name));
    }

    /** Appends bytes (rows) to the current part. */
    void write(byte[] bytes) {
        int offset = 0;
        while (offset < bytes.length) {
            if (chunk == null) {
                chunk = take();
                filled = 0;
            }
            int n = Math.min(bytes.length - offset, CHUNK - filled);
            System.arraycopy(bytes, offset, chunk, filled, n);
            filled += n;
            offset += n;
            if (filled == CHUNK) {
                flush();
            }
        }
    }

    /** Closes the current part, which held {@code rows} rows of {@code uncompressedBytes} bytes. */
    void finishPart(long rows, long uncompressedBytes) {
        flush();
        put(new Finish(rows, uncompressedBytes));
    }

    /** Waits until every part is stored; returns them in order, or throws what went wrong on the pipeline's thread. */
    List<BackupManifest.Part> finish() throws IOException {
        put(END);
        ended = true;
        join();
        rethrow();
        return List.copyOf(parts);
    }

    /** Stops the pipeline if it is still running (after a failure of the caller); idempotent. */
    @Override
    public void close() {
        if (!ended) {
            ended = true;
            work.clear();
            work.offer(ABORT);
            thread.interrupt();
            join();
        }
    }

    private void flush() {
        if (chunk != null && filled > 0) {
            put(new Data(chunk, filled));
            chunk = null;
        }
    }

    private void put(Object task) {
        try {
            rethrow();
            work.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while exporting", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] take() {
        try {
            rethrow();
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while exporting", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void rethrow() throws IOException {
        Throwable f = failure;
        if (f instanceof IOException io) {
            throw io;
        }
        if (f instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (f instanceof Error error) {
            throw error;
        }
    }

    private void join() {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        PartWriter current = null;
        try {
            while (true) {
                Object task = work.take();
                if (task == END || task == ABORT) {
                    return;
                }
                if (failure != null) {                      // discard what is still queued, keep the pool full
                    if (task instanceof Data data) {
                        free.offer(data.chunk());
                    }
                    continue;
                }
                try {
                    if (task instanceof Start start) {
                        current = new PartWriter(start.name(), blobs.apply(start.name()));
                    } else if (task instanceof Data data) {
                        current.write(data.chunk(), 0, data.length());
                        free.put(data.chunk());
                    } else if (task instanceof Finish done) {
                        parts.add(current.finish(done.rows(), done.uncompressedBytes()));
                        current = null;
                    }
                } catch (IOException | RuntimeException | Error e) {
                    failure = e;
                    if (task instanceof Data data) {
                        free.offer(data.chunk());
                    }
                }
            }
        } catch (InterruptedException e) {
            if (failure == null) {
                failure = new IllegalStateException("export pipeline interrupted", e);
            }
        } finally {
            if (current != null) {
                current.close();
            }
        }
    }
}
