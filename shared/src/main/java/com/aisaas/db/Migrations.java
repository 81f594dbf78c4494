package com.aisaas.db;

import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The Flyway set-up of the schema, the one place that knows where the migrations are and which placeholders they
 * take: {@code ${runtimeRole}} and {@code ${maintenanceRole}}, the roles the migrations grant to and write
 * row-level security policies for. Run as the schema owner.
 */
public final class Migrations {

    public static final String LOCATION = "classpath:db/migration";

    private Migrations() {
    }

    /** A configuration over {@code owner} (a data source of the schema owner) for these two roles. */
    public static FluentConfiguration configure(DataSource owner, String runtimeRole, String maintenanceRole) {
        Objects.requireNonNull(owner, "owner");
        requireRole(runtimeRole, "runtimeRole");
        requireRole(maintenanceRole, "maintenanceRole");
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(owner)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .placeholders(Map.of("runtimeRole", runtimeRole, "maintenanceRole", maintenanceRole));
    }

    /** Role names go into DDL unquoted: only plain identifiers (Entra principal names are quoted by the caller). */
    private static void requireRole(String role, String what) {
        Objects.requireNonNull(role, what);
        if (!role.matches("[A-Za-z_][A-Za-z0-9_$-]{0,62}")) {
            throw new IllegalArgumentException(what + " is not a role name PostgreSQL takes: " + role);
        }
    }
}
