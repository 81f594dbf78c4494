package com.aisaas.devhost.host.worker;

import com.microsoft.azure.functions.ExecutionContext;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The {@link ExecutionContext} of one invocation: a fresh invocation id, the function name and a
 * {@code java.util.logging} logger whose records become one line each, tagged with both (like the worker's
 * per-invocation logger). The logger is created on first use only. Trace and retry contexts are null (docs/functions-host.md §1.4:
 * the devhost has neither).
 */
public final class InvocationContext implements ExecutionContext {

    private final String invocationId;
    private final String functionName;
    private final Consumer<String> logSink;
    private Logger logger;

    public InvocationContext(String functionName, Consumer<String> logSink) {
        this(newInvocationId(), functionName, logSink);
    }

    public InvocationContext(String invocationId, String functionName, Consumer<String> logSink) {
        this.invocationId = invocationId;
        this.functionName = functionName;
        this.logSink = logSink;
    }

    /** A random (version 4) UUID without the lock of {@link UUID#randomUUID()}; ids need not be unguessable. */
    static String newInvocationId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }

    @Override
    public synchronized Logger getLogger() {
        if (logger == null) {
            Logger created = Logger.getAnonymousLogger();
            created.setUseParentHandlers(false);
            created.setLevel(Level.INFO);
            created.addHandler(new LineHandler(functionName, invocationId, logSink));
            logger = created;
        }
        return logger;
    }

    @Override
    public String getInvocationId() {
        return invocationId;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    /** Formats each record as {@code <time> [Functions.<name>] [Id=<invocation>] <LEVEL> <message>} on one line. */
    private static final class LineHandler extends Handler {
        private final String functionName;
        private final String invocationId;
        private final Consumer<String> sink;

        LineHandler(String functionName, String invocationId, Consumer<String> sink) {
            this.functionName = functionName;
            this.invocationId = invocationId;
            this.sink = sink;
        }

        @Override
        public void publish(LogRecord record) {
            if (record == null || !isLoggable(record)) {
                return;
            }
            String message = record.getMessage();
            Object[] parameters = record.getParameters();
            if (message != null && parameters != null && parameters.length > 0) {
                try {
                    message = java.text.MessageFormat.format(message, parameters);
                } catch (IllegalArgumentException ignored) {
                    // keep the raw message, as java.util.logging's SimpleFormatter does
                }
            }
            StringBuilder line = new StringBuilder(96)
                    .append(Instant.ofEpochMilli(record.getMillis())).append(" [Functions.").append(functionName)
                    .append("] [Id=").append(invocationId).append("] ").append(record.getLevel().getName()).append(' ')
                    .append(oneLine(message));
            if (record.getThrown() != null) {
                line.append(" | ").append(oneLine(record.getThrown().toString()));
            }
            sink.accept(line.toString());
        }

        private static String oneLine(String text) {
            return text == null ? "" : text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
