package com.aisaas.tools;

import com.aisaas.app.AppContext;
import com.aisaas.backup.BackupManifest;
import com.aisaas.backup.BackupRestorer;
import com.aisaas.backup.BackupRunId;
import com.aisaas.backup.BackupService;
import com.aisaas.backup.ExportResult;
import com.aisaas.backup.PruneResult;
import com.aisaas.backup.RestoreResult;
import com.aisaas.backup.VerificationResult;
import com.aisaas.common.Json;
import com.aisaas.config.Setting;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The backup command line ({@code bin/backup}), run with the tools module's classpath:
 * <pre>
 * backup list
 * backup restore --backup (RUN_ID|latest) --target-url JDBC_URL [--target-user ROLE] [--schema NAME] [--replace] [--entra]
 * backup export
 * backup verify [--backup RUN_ID]
 * backup prune
 * </pre>
 * {@code list} and {@code restore} need only Storage: {@code UploadsStorage} (a connection string) or
 * {@code UploadsStorage__blobServiceUri} (signed in with DefaultAzureCredential: {@code az login}, a managed
 * identity...). The target's password comes from {@code RESTORE_DB_PASSWORD} (else {@code PGPASSWORD}), never from
 * the command line; {@code --entra} signs in to PostgreSQL with a Microsoft Entra token instead. {@code export},
 * {@code verify} and {@code prune} run what the timers run, with the app's settings from the environment. Results
 * are printed as JSON; the exit code is 0 on success, 1 on failure (a failed verification included), 2 on bad usage.
 */
public final class BackupMain {

    static final String PASSWORD_VARIABLE = "RESTORE_DB_PASSWORD";

    private BackupMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("backup: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        try {
            return switch (arguments.command) {
                case "list" -> list(env, out);
                case "restore" -> restore(arguments, env, out);
                case "export", "verify", "prune" -> appJob(arguments, env, out);
                default -> throw new IllegalStateException(arguments.command);
            };
        } catch (RuntimeException e) {
            err.println("backup " + arguments.command + " failed: " + e.getMessage());
            return 1;
        }
    }

    private static int list(Map<String, String> env, PrintStream out) {
        BackupRestorer restorer = new BackupRestorer(storage(env));
        for (Map.Entry<BackupRunId, Optional<BackupManifest>> entry : restorer.list().entrySet()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("runId", entry.getKey().value());
            line.put("complete", entry.getValue().isPresent());
            entry.getValue().ifPresent(m -> {
                line.put("startedAt", m.startedAt().toString());
                line.put("schemaVersion", m.schemaVersion());
                line.put("rows", m.totalRows());
                line.put("bytes", m.totalBytes());
            });
            out.println(Json.write(line));
        }
        return 0;
    }

    private static int restore(Arguments arguments, Map<String, String> env, PrintStream out) {
        String which = arguments.require("--backup");
        String url = arguments.require("--target-url");
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("--target-url must start with jdbc:postgresql://");
        }
        BackupRestorer restorer = new BackupRestorer(storage(env));
        BackupRunId runId = which.equals("latest")
                ? restorer.latest().orElseThrow(() -> new IllegalStateException("there is no complete backup"))
                : new BackupRunId(which);
        PGSimpleDataSource target = new PGSimpleDataSource();
        target.setURL(url);
        target.setApplicationName("aisaas-backup-restore");
        // the restore creates tables and migrates: it logs in as the schema owner
        arguments.value("--target-user").or(() -> Optional.ofNullable(env.get(Setting.DB_MIGRATION_USER)))
                .ifPresent(target::setUser);
        if (arguments.flag("--entra")) {
            target.setAuthenticationPluginClassName(
                    "com.azure.identity.extensions.jdbc.postgresql.AzurePostgresqlAuthenticationPlugin");
        } else {
            Optional.ofNullable(env.get(PASSWORD_VARIABLE)).or(() -> Optional.ofNullable(env.get("PGPASSWORD")))
                    .ifPresent(target::setPassword);
        }
        RestoreResult result = restorer.restore(runId, target,
                new BackupRestorer.Options(arguments.value("--schema"), arguments.flag("--replace"),
                        arguments.value("--runtime-role").or(() -> Optional.ofNullable(env.get(Setting.DB_USER)))
                                .orElseThrow(() -> new IllegalArgumentException(
                                        "--runtime-role or DB_USER names the target's runtime role")),
                        arguments.value("--maintenance-role")
                                .or(() -> Optional.ofNullable(env.get(Setting.DB_MAINTENANCE_USER)))
                                .orElseThrow(() -> new IllegalArgumentException(
                                        "--maintenance-role or DB_MAINTENANCE_USER names the target's maintenance role"))));
        out.println(Json.write(result));
        return 0;
    }

    private static int appJob(Arguments arguments, Map<String, String> env, PrintStream out) {
        try (AppContext context = AppContext.create(env)) {
            BackupService backups = context.backups();
            switch (arguments.command) {
                case "export" -> {
                    ExportResult result = backups.export();
                    out.println(Json.write(details("runId", result.runId().value(),
                            "manifestPath", result.manifestPath(), "manifestSha256", result.manifestSha256(),
                            "rows", result.manifest().totalRows(), "bytes", result.manifest().totalBytes(),
                            "parts", result.manifest().tables().stream().mapToInt(t -> t.parts().size()).sum(),
                            "elapsedMs", result.elapsed().toMillis())));
                    return 0;
                }
                case "verify" -> {
                    VerificationResult result = arguments.value("--backup").map(BackupRunId::new)
                            .map(backups::verify).orElseGet(backups::verifyLatest);
                    out.println(Json.write(details("runId", result.backup().map(BackupRunId::value).orElse(null),
                            "passed", result.passed(), "checks", result.checks(), "failures", result.failures(),
                            "elapsedMs", result.elapsed().toMillis())));
                    return result.passed() ? 0 : 1;
                }
                default -> {
                    PruneResult result = backups.prune();
                    out.println(Json.write(details(
                            "deleted", result.deleted().stream().map(BackupRunId::value).toList(),
                            "kept", result.kept().stream().map(BackupRunId::value).toList(),
                            "protected", result.protectedBackup().map(BackupRunId::value).orElse(null))));
                    return 0;
                }
            }
        }
    }

    /** The Blob service holding the {@code backups} container, from the app's storage settings. */
    static BlobServiceClient storage(Map<String, String> env) {
        String connection = env.get(Setting.UPLOADS_STORAGE);
        String serviceUri = env.get(Setting.UPLOADS_STORAGE_BLOB_SERVICE_URI);
        if (serviceUri != null && !serviceUri.isBlank()) {
            return new BlobServiceClientBuilder().endpoint(serviceUri)
                    .credential(new DefaultAzureCredentialBuilder().build()).buildClient();
        }
        if (connection != null && !connection.isBlank()) {
            if (connection.startsWith("@Microsoft.KeyVault(")) {
                throw new IllegalArgumentException(Setting.UPLOADS_STORAGE + " is a Key Vault reference: set "
                        + Setting.UPLOADS_STORAGE_BLOB_SERVICE_URI + " (and az login) or the connection string itself");
            }
            return new BlobServiceClientBuilder().connectionString(connection).buildClient();
        }
        throw new IllegalArgumentException("set " + Setting.UPLOADS_STORAGE_BLOB_SERVICE_URI + " or "
                + Setting.UPLOADS_STORAGE + " to the storage account that holds the backups container");
    }

    static String usage() {
        return """
                usage: backup list
                       backup restore --backup (RUN_ID|latest) --target-url JDBC_URL [--target-user ROLE]
                                      [--schema NAME] [--replace] [--entra]
                       backup export | backup verify [--backup RUN_ID] | backup prune
                storage: UploadsStorage or UploadsStorage__blobServiceUri; target password: RESTORE_DB_PASSWORD""";
    }

    /** A map of name to value, in the order given (values may be null). */
    private static Map<String, Object> details(Object... keyValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            details.put((String) keyValues[i], keyValues[i + 1]);
        }
        return details;
    }

    /** {@code command [--name value | --flag]...}. */
    record Arguments(String command, Map<String, String> values, List<String> flags) {

        private static final Map<String, List<String>> VALUES = Map.of(
                "list", List.of(), "export", List.of(), "prune", List.of(),
                "verify", List.of("--backup"),
                "restore", List.of("--backup", "--target-url", "--target-user", "--schema"));
        private static final Map<String, List<String>> FLAGS = Map.of("restore", List.of("--replace", "--entra"));

        static Arguments parse(String[] args) {
            if (args.length == 0 || !VALUES.containsKey(args[0])) {
                throw new IllegalArgumentException(args.length == 0 ? "no command" : "unknown command '" + args[0] + "'");
            }
            String command = args[0];
            Map<String, String> values = new LinkedHashMap<>();
            List<String> flags = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                String name = args[i];
                if (FLAGS.getOrDefault(command, List.of()).contains(name)) {
                    flags.add(name);
                } else if (VALUES.get(command).contains(name)) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new IllegalArgumentException(name + " needs a value");
                    }
                    values.put(name, args[++i]);
                } else {
                    throw new IllegalArgumentException("unknown option '" + name + "' for " + command);
                }
            }
            return new Arguments(command, values, flags);
        }

        Optional<String> value(String name) {
            return Optional.ofNullable(values.get(name));
        }

        String require(String name) {
            return value(name).orElseThrow(() -> new IllegalArgumentException(command + " needs " + name));
        }

        boolean flag(String name) {
            return flags.contains(name);
        }
    }
}
