package com.aisaas.devhost.host;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Without any logback configuration logback logs everything at DEBUG, and Jetty then writes several lines per
 * request — which also ruins throughput. When the host JVM finds no configuration, use INFO (Jetty and the Azure SDK:
 * WARN).
 */
final class DefaultLogging {

    private DefaultLogging() {
    }

    static void applyIfUnconfigured() {
        if (System.getProperty("logback.configurationFile") != null) {
            return;
        }
        ClassLoader loader = DefaultLogging.class.getClassLoader();
        if (loader.getResource("logback.xml") != null || loader.getResource("logback-test.xml") != null) {
            return;
        }
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext) {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
            context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
            // The Azure SDK (blob triggers, storage events) logs every request at INFO and warns on each upload that the
            // JDK client sets Content-Length itself.
            context.getLogger("com.azure").setLevel(Level.WARN);
            context.getLogger("com.cronutils").setLevel(Level.WARN);
            context.getLogger("com.azure.core.http.jdk.httpclient.JdkHttpClient").setLevel(Level.ERROR);
        }
    }
}
