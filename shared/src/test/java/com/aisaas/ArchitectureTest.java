package com.aisaas;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** shared holds the logic and adapters: it never depends on the Azure Functions Java library. */
class ArchitectureTest {

    private static final String FUNCTIONS_PACKAGE = "com.microsoft.azure.functions";

    @Test
    void sharedClasses_doNotDependOnTheFunctionsLibrary() {
        // Only shared's own production classes (devhost, on the test classpath, implements the library on purpose).
        JavaClasses classes = new ClassFileImporter().importPath(Path.of("target/classes"));
        assertThat(classes).isNotEmpty();

        ArchRule rule = noClasses().should().dependOnClassesThat().resideInAPackage(FUNCTIONS_PACKAGE + "..");
        rule.check(classes);
    }

    @Test
    void sharedSources_doNotMentionTheFunctionsLibrary() throws IOException {
        Path sources = Path.of("src/main/java");
        assertThat(sources).isDirectory();
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(sources)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> read(p).contains(FUNCTIONS_PACKAGE + "."))
                    .toList();
        }
        assertThat(offenders).as("sources under shared/src/main that use " + FUNCTIONS_PACKAGE).isEmpty();
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
