package com.aisaas.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/** PostgreSQL catalog and COPY helpers shared by export, verification and restore. */
final class PgCopy {

    /**
     * Tables of the app schema that are not exported: Flyway's own history (a restore migrates to the manifest's
     * schema version instead) and {@code backup_runs} (it describes the backups of this database, and the export's
     * own run would be captured while still running).
     */
    static final Set<String> EXCLUDED_TABLES = Set.of("flyway_schema_history", "backup_runs");

    /** A table to copy: name and the columns COPY reads and writes, in order. */
    record TableDef(String name, List<String> columns, boolean partitioned) {
        TableDef {
            columns = List.copyOf(columns);
        }
    }

    private PgCopy() {
    }

    static CopyManager copyApi(Connection connection) throws SQLException {
        return connection.unwrap(PGConnection.class).getCopyAPI();
    }

    /**
     * Pins, for the current transaction, every setting that changes how COPY writes values, so that export and
     * verification write the same row the same way whatever the server or role defaults are.
     */
    static void pinOutputSettings(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                select set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, YMD', true),
                       set_config('IntervalStyle', 'postgres', true), set_config('extra_float_digits', '3', true),
                       set_config('bytea_output', 'hex', true)""")) {
            statement.execute();
        }
    }

    /** The latest successfully applied versioned Flyway migration, or "none". */
    static String schemaVersion(Connection connection, String schema) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement(
                "select to_regclass(quote_ident(?) || '.flyway_schema_history') is not null")) {
            exists.setString(1, schema);
            try (ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return "none";
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("select version from " + quote(schema)
                + ".flyway_schema_history where success and version is not null order by installed_rank desc limit 1");
             ResultSet rs = statement.executeQuery()) {
            return rs.next() ? rs.getString(1) : "none";
        }
    }

    static String currentSchema(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select current_schema()");
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * The ordinary and partitioned tables of {@code schema} except {@link #EXCLUDED_TABLES}, referenced tables before
     * the tables that reference them (then by name), with their copyable (not generated, not dropped) columns.
     */
    static List<TableDef> tables(Connection connection, String schema) throws SQLException {
        Map<String, Boolean> names = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select c.relname, c.relkind = 'p'
                  from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname = ? and c.relkind in ('r', 'p') and not c.relispartition""")) {
            statement.setString(1, schema);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (!EXCLUDED_TABLES.contains(rs.getString(1))) {
                        names.put(rs.getString(1), rs.getBoolean(2));
                    }
                }
            }
        }
        Map<String, Set<String>> references = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select c.relname, r.relname
                  from pg_constraint k
                  join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
                  join pg_class r on r.oid = k.confrelid join pg_namespace rn on rn.oid = r.relnamespace
                 where k.contype = 'f' and n.nspname = ? and rn.nspname = ? and c.oid <> r.oid""")) {
            statement.setString(1, schema);
            statement.setString(2, schema);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    references.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
                }
            }
        }
        List<TableDef> tables = new ArrayList<>();
        for (String name : dependencyOrder(names.keySet(), references)) {
            tables.add(new TableDef(name, columns(connection, schema, name), names.get(name)));
        }
        return tables;
    }

    /** {@code names} with every table after the tables it references (cycles broken by name order). */
    static List<String> dependencyOrder(Set<String> names, Map<String, Set<String>> references) {
        Set<String> ordered = new LinkedHashSet<>();
        for (String name : new TreeSet<>(names)) {
            visit(name, names, references, ordered, new LinkedHashSet<>());
        }
        return List.copyOf(ordered);
    }

    private static void visit(String name, Set<String> names, Map<String, Set<String>> references, Set<String> ordered,
                              Set<String> path) {
        if (ordered.contains(name) || !path.add(name)) {
            return;
        }
        for (String referenced : references.getOrDefault(name, Set.of())) {
            if (names.contains(referenced)) {
                visit(referenced, names, references, ordered, path);
            }
        }
        ordered.add(name);
    }

    static List<String> columns(Connection connection, String schema, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select a.attname
                  from pg_attribute a
                 where a.attrelid = (quote_ident(?) || '.' || quote_ident(?))::regclass
                   and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
                 order by a.attnum""")) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }

    /** Whether {@code schema.table} exists. */
    static boolean tableExists(Connection connection, String schema, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select to_regclass(quote_ident(?) || '.' || quote_ident(?)) is not null")) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** {@code COPY schema.table (columns) TO STDOUT} (a query for partitioned tables, which COPY TO cannot name). */
    static String copyOut(String schema, String table, List<String> columns, boolean partitioned) {
        String qualified = quote(schema) + "." + quote(table);
        if (partitioned) {
            return "COPY (SELECT " + columnList(columns) + " FROM " + qualified + ") TO STDOUT";
        }
        return "COPY " + qualified + " (" + columnList(columns) + ") TO STDOUT";
    }

    static String copyIn(String schema, String table, List<String> columns) {
        return "COPY " + quote(schema) + "." + quote(table) + " (" + columnList(columns) + ") FROM STDIN";
    }

    static String columnList(List<String> columns) {
        return columns.stream().map(PgCopy::quote).collect(Collectors.joining(", "));
    }

    /** A double-quoted identifier. */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** Copies {@code schema.table} out and returns its content checksum (and row count). */
    static ContentChecksum checksum(CopyManager copy, String schema, String table, List<String> columns)
            throws SQLException {
        ContentChecksum checksum = new ContentChecksum();
        org.postgresql.copy.CopyOut out = copy.copyOut(copyOut(schema, table, columns, false));
        try {
            byte[] line;
            while ((line = out.readFromCopy()) != null) {
                checksum.addRow(line);
            }
        } finally {
            if (out.isActive()) {
                out.cancelCopy();
            }
        }
        return checksum;
    }

    /** A map of name to value as ordered details for backup_runs. */
    static Map<String, Object> details(Object... keyValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            details.put((String) keyValues[i], keyValues[i + 1]);
        }
        return details;
    }
}
