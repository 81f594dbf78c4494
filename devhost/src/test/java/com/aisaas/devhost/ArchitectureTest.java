package com.aisaas.devhost;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** devhost's package rules: no cycles between its packages, and no class of the app it hosts. */
class ArchitectureTest {

    static JavaClasses devhost;

    @BeforeAll
    static void importDevhost() {
        devhost = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.aisaas.devhost");
    }

    @Test
    void theMainClassesWereFound() {
        assertThat(devhost.contain("com.aisaas.devhost.host.FunctionsHost")).isTrue();
        assertThat(devhost.contain("com.aisaas.devhost.host.timer.TimerTriggerSupport")).isTrue();
    }

    @Test
    void noPackageCycles() {
        // Every package is its own slice (devhost, devhost.host, devhost.host.timer, ...): a subpackage and its parent are two.
        slices().matching("com.aisaas.(**)").should().beFreeOfCycles().check(devhost);
    }

    @Test
    void devhostDependsOnNoAppPackage() {
        noClasses().that().resideInAPackage("com.aisaas.devhost..")
                .should().dependOnClassesThat(resideInAPackage("com.aisaas..").and(resideOutsideOfPackage("com.aisaas.devhost..")))
                .check(devhost);
    }
}
