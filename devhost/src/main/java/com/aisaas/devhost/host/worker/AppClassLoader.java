package com.aisaas.devhost.host.worker;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Loads the app from its jar(s) and {@code lib/*.jar}, CHILD-FIRST like the Java worker, except the packages that
 * must be shared with the host: {@code java. javax. jdk. sun.} and {@code com.microsoft.azure.functions.} (the host
 * implements those types). Parent-first names the host lacks are still found in the app (plain delegation).
 * Classes not found in the app fall back to the host's loader.
 */
public final class AppClassLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private static final String[] PARENT_FIRST = {"java.", "javax.", "jdk.", "sun.", "com.microsoft.azure.functions."};
    private static final String SERVICES = "META-INF/services/";

    AppClassLoader(List<URL> urls, ClassLoader parent) {
        super("devhost-app", urls.toArray(new URL[0]), parent);
    }

    /** The jars the functions name ({@code scriptFile}) plus every {@code lib/*.jar} of the package, in that order. */
    public static AppClassLoader forPackage(Path appDir, Collection<Path> scriptFiles, ClassLoader parent) {
        Set<Path> paths = new LinkedHashSet<>(scriptFiles);
        Path lib = appDir.resolve("lib");
        if (Files.isDirectory(lib)) {
            List<Path> jars = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(lib, "*.jar")) {
                stream.forEach(jars::add);
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + lib, e);
            }
            Collections.sort(jars);
            paths.addAll(jars);
        }
        List<URL> urls = new ArrayList<>();
        for (Path path : paths) {
            try {
                urls.add(path.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("bad class path entry " + path, e);
            }
        }
        return new AppClassLoader(urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isParentFirst(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                try {
                    loaded = findClass(name);
                } catch (ClassNotFoundException notInApp) {
                    loaded = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    @Override
    public URL getResource(String name) {
        if (isParentFirst(name.replace('/', '.'))) {
            return super.getResource(name);
        }
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    /**
     * The app's resources, then the host's — except service registrations ({@code META-INF/services/<interface>}) of
     * interfaces the app loads itself: the host's providers (its Azure SDK, Jackson modules...) implement the host's
     * copy of such an interface, so the app's ServiceLoader must not see them (the real worker shades its own).
     */
    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        if (!name.startsWith(SERVICES) || isParentFirst(name.substring(SERVICES.length()))) {
            all.addAll(Collections.list(getParent().getResources(name)));
        }
        return Collections.enumeration(all);
    }

    static boolean isParentFirst(String className) {
        for (String prefix : PARENT_FIRST) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
