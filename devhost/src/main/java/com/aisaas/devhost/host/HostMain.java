package com.aisaas.devhost.host;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;

/**
 * Entry point of the host JVM: {@code HostMain --app <package dir> [--port 7071] [--host <bind address>]}, settings
 * from the environment ({@code DEVHOST_FUNCTION_KEY}, {@code DEVHOST_MASTER_KEY},
 * {@code FUNCTIONS_REQUEST_BODY_SIZE_LIMIT}; the app reads its own settings from the same environment).
 *
 * <p>On SIGTERM/SIGINT it drains ({@link FunctionsHost#stopServing()}) BEFORE the JVM runs shutdown hooks, so the app's own
 * hook (closing pools) runs after the last invocation; where signals cannot be handled it falls back to a shutdown
 * hook, which runs concurrently with the app's.
 */
public final class HostMain {

    private HostMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("devhost: " + e.getMessage());
            System.err.println("usage: HostMain --app <dir> [--port <n>] [--host <address>]");
            System.exit(2);
            return;
        }
        DefaultLogging.applyIfUnconfigured();
        Map<String, String> env = System.getenv();
        HostOptions options = HostOptions.fromEnvironment(arguments.app, arguments.port, env).withBindHost(arguments.host);
        FunctionsHost host = new FunctionsHost(options);
        try {
            host.start();
        } catch (RuntimeException e) {
            System.err.println("devhost: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(host::stopServing, "devhost-shutdown"));
        drainOnSignal("TERM", host);
        drainOnSignal("INT", host);
        System.out.println("devhost listening on " + host.baseUrl() + " (" + host.functionCount() + " functions)");
        for (String line : host.describeFunctions()) {
            System.out.println("  " + line);
        }
        System.out.flush();
        host.join();
    }

    /**
     * Installs a handler through {@code sun.misc.Signal} (module jdk.unsupported, looked up reflectively so the build
     * stays warning-free) that drains the host and then exits; the JVM runs shutdown hooks only after that.
     */
    private static void drainOnSignal(String signalName, FunctionsHost host) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance(signalName);
            InvocationHandler onSignal = (proxy, method, methodArgs) -> {
                if ("handle".equals(method.getName())) {
                    System.out.println("devhost: SIG" + signalName + " received, draining");
                    host.stopServing();
                    System.exit(0);
                    return null;
                }
                switch (method.getName()) {
                    case "hashCode": return System.identityHashCode(proxy);
                    case "equals": return proxy == methodArgs[0];
                    case "toString": return "devhost-drain-" + signalName;
                    default: return null;
                }
            };
            Object handler = Proxy.newProxyInstance(HostMain.class.getClassLoader(), new Class<?>[] {handlerClass}, onSignal);
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // No signal API (or the signal is reserved): the shutdown hook still drains.
        }
    }

    /** Parsed command line. */
    static final class Arguments {
        final Path app;
        final int port;
        final String host;

        private Arguments(Path app, int port, String host) {
            this.app = app;
            this.port = port;
            this.host = host;
        }

        static Arguments parse(String[] args) {
            Path app = null;
            int port = HostOptions.DEFAULT_PORT;
            String host = null;
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + name);
                }
                String value = args[++i];
                switch (name) {
                    case "--app":
                        app = Path.of(value);
                        break;
                    case "--port":
                        try {
                            port = Integer.parseInt(value);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--port must be a number, was: " + value, e);
                        }
                        break;
                    case "--host":
                        host = value;
                        break;
                    default:
                        throw new IllegalArgumentException("unknown argument " + name);
                }
            }
            if (app == null) {
                throw new IllegalArgumentException("--app <dir> is required");
            }
            return new Arguments(app, port, host);
        }
    }
}
