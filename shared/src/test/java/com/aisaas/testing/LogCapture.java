package com.aisaas.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event (message, arguments, exceptions with their causes and frames) while open, with the
 * named loggers turned up to TRACE (their events go to the capture only), so that a test can show that something
 * never reaches a log.
 */
public final class LogCapture implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Map<Logger, Level> previous = new HashMap<>();
    private final Map<Logger, Boolean> additive = new HashMap<>();
    private final AppenderBase<ILoggingEvent> appender;
    private final Logger root;

    private LogCapture(String... loggers) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ')
                        .append(event.getFormattedMessage());
                for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                    line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
                    for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                        line.append(' ').append(frame.getSTEAsString());
                    }
                }
                lines.add(line.toString());
            }
        };
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
        for (String name : loggers) {
            // TRACE goes to this capture only, not to the console
            Logger logger = context.getLogger(name);
            previous.put(logger, logger.getLevel());
            additive.put(logger, logger.isAdditive());
            logger.setLevel(Level.TRACE);
            logger.setAdditive(false);
            logger.addAppender(appender);
        }
    }

    /** Starts capturing, with {@code loggers} (names or prefixes) at TRACE until {@link #close()}. */
    public static LogCapture start(String... loggers) {
        return new LogCapture(loggers);
    }

    /** Every line so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Whether any line contains {@code text}. */
    public boolean contains(String text) {
        return lines.stream().anyMatch(line -> line.contains(text));
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        previous.forEach((logger, level) -> {
            logger.detachAppender(appender);
            logger.setLevel(level);
            logger.setAdditive(additive.get(logger));
        });
        appender.stop();
    }
}
