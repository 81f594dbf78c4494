package com.aisaas.functions;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The functions stay thin (docs/architecture.md, "Code layout"): no package cycles; they reach shared through the
 * composition root and the services it hands out, never through a JDBC repository or JDBC itself; the command-line
 * tools are not reachable from them.
 */
class ArchitectureTest {

    static JavaClasses functions;

    @BeforeAll
    static void importFunctions() {
        // Only this module's production classes: shared, devhost and the tests are on the classpath too.
        functions = new ClassFileImporter().importPath(Path.of("target/classes"));
    }

    @Test
    void theFunctionClassesWereFound() {
        assertThat(functions.contain("com.aisaas.functions.ListFilesHttpFunction")).isTrue();
    }

    @Test
    void noPackageCycles() {
        slices().matching("com.aisaas.(**)").should().beFreeOfCycles().check(functions);
    }

    @Test
    void functions_doNotReachTheDatabaseThemselves() {
        noClasses().should().dependOnClassesThat().haveSimpleNameStartingWith("Jdbc")
                .orShould().dependOnClassesThat().resideInAPackage("java.sql..")
                .check(functions);
    }

    @Test
    void theCommandLineToolsAreNotReachable() {
        noClasses().should().dependOnClassesThat().resideInAPackage("com.aisaas.tools..").check(functions);
    }
}
