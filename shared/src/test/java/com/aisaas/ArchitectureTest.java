package com.aisaas;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of shared (docs/architecture.md, "Code layout"): no package cycles; the kernel depends on nothing
 * else; adapters depend on no feature; a feature depends on another only along an edge declared here and only on
 * that feature's declared services and their value types; only the composition root ({@code app}) sees everything;
 * the command-line tools are never reached. shared never depends on the Azure Functions Java library.
 */
class ArchitectureTest {

    private static final String FUNCTIONS_PACKAGE = "com.microsoft.azure.functions";

    static final List<String> KERNEL = List.of("common", "config", "resilience", "telemetry");
    static final List<String> ADAPTERS = List.of("storage", "cache", "db", "events", "secrets");
    static final List<String> FEATURES = List.of("auth", "ratelimit", "idempotency", "files", "search", "processing",
            "lifecycle", "deadletters", "health", "backup", "maintenance");

    /** The features each feature may use (keep in step with docs/architecture.md). */
    static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();
    /** What a feature offers to the others: its services and the values they take and return. */
    static final Map<String, Set<String>> SERVICES = new LinkedHashMap<>();

    static {
        for (String feature : FEATURES) {
            ALLOWED.put(feature, Set.of());
            SERVICES.put(feature, Set.of());
        }
        ALLOWED.put("files", Set.of("auth"));
        ALLOWED.put("search", Set.of("files"));
        ALLOWED.put("processing", Set.of("files", "search"));
        ALLOWED.put("lifecycle", Set.of("files"));
        ALLOWED.put("backup", Set.of("files"));
        ALLOWED.put("deadletters", Set.of("files", "processing", "lifecycle"));
        ALLOWED.put("maintenance", Set.of("files", "processing", "lifecycle", "health", "backup", "search"));

        SERVICES.put("auth", Set.of("Authenticator", "Caller", "Role"));
        // JdbcFileRepository: only its documented columns/read, for search's statement that joins files
        SERVICES.put("files", Set.of("BlobPaths", "FileId", "FileStatus", "FileRecord", "FileView", "Actor",
                "CursorKeys", "SignedCursors", "InvalidFieldException", "UploadPolicy", "JdbcFileRepository"));
        SERVICES.put("search", Set.of("TextExtractor", "ExtractedText", "FileTexts", "SearchBackfill"));
        SERVICES.put("processing", Set.of("UploadProcessor"));
        SERVICES.put("lifecycle", Set.of("LifecycleHandler", "StorageEvent", "StorageEvents"));
        SERVICES.put("health", Set.of("HealthService", "HealthReport", "ComponentHealth", "SweepProbes"));
        SERVICES.put("backup", Set.of("BackupService", "VerificationResult", "BackupRunId"));
    }

    static JavaClasses shared;

    @BeforeAll
    static void importShared() {
        // Only shared's own production classes (devhost, on the test classpath, implements the library on purpose).
        shared = new ClassFileImporter().importPath(Path.of("target/classes"));
    }

    @Test
    void theMainClassesWereFound() {
        assertThat(shared.contain("com.aisaas.app.AppContext")).isTrue();
        assertThat(shared.contain("com.aisaas.files.FileService")).isTrue();
    }

    @Test
    void sharedClasses_doNotDependOnTheFunctionsLibrary() {
        ArchRule rule = noClasses().should().dependOnClassesThat().resideInAPackage(FUNCTIONS_PACKAGE + "..");
        rule.check(shared);
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

    @Test
    void noPackageCycles() {
        slices().matching("com.aisaas.(**)").should().beFreeOfCycles().check(shared);
    }

    @Test
    void everyPackageHasItsPlace() {
        List<String> known = new ArrayList<>(KERNEL);
        known.addAll(ADAPTERS);
        known.addAll(FEATURES);
        known.add("app");
        List<String> unplaced = shared.stream().map(JavaClass::getPackageName)
                .map(name -> name.replaceFirst("^com\\.aisaas\\.", "").replaceFirst("\\..*", ""))
                .distinct().filter(name -> !known.contains(name)).toList();
        assertThat(unplaced).as("packages that are neither kernel, adapter, feature nor app: place them here and"
                + " in docs/architecture.md").isEmpty();
    }

    @Test
    void theKernelDependsOnNothingElseOfTheApp() {
        noClasses().that().resideInAnyPackage(packages(KERNEL))
                .should().dependOnClassesThat(resideInAPackage("com.aisaas..")
                        .and(DescribedPredicate.not(resideInAnyPackage(packages(KERNEL)))))
                .check(shared);
    }

    @Test
    void adapters_doNotDependOnFeaturesOrTheCompositionRoot() {
        List<String> forbidden = new ArrayList<>(FEATURES);
        forbidden.add("app");
        noClasses().that().resideInAnyPackage(packages(ADAPTERS))
                .should().dependOnClassesThat().resideInAnyPackage(packages(forbidden))
                .check(shared);
    }

    @Test
    void onlyTheCompositionRootDependsOnIt() {
        noClasses().that().resideOutsideOfPackage("com.aisaas.app..")
                .should().dependOnClassesThat().resideInAPackage("com.aisaas.app..")
                .check(shared);
    }

    @Test
    void features_useOtherFeaturesOnlyAlongTheDeclaredEdges() {
        for (String feature : FEATURES) {
            List<String> others = FEATURES.stream()
                    .filter(other -> !other.equals(feature) && !ALLOWED.get(feature).contains(other)).toList();
            noClasses().that().resideInAPackage(pkg(feature))
                    .should().dependOnClassesThat().resideInAnyPackage(packages(others))
                    .as("feature " + feature + " uses only " + ALLOWED.get(feature))
                    .check(shared);
        }
    }

    @Test
    void features_useEachOtherOnlyThroughTheDeclaredServices() {
        for (String feature : FEATURES) {
            Set<String> services = SERVICES.get(feature);
            DescribedPredicate<JavaClass> internal = new DescribedPredicate<>(
                    "classes of " + feature + " other than " + services) {
                @Override
                public boolean test(JavaClass javaClass) {
                    return javaClass.getPackageName().startsWith("com.aisaas." + feature)
                            && !services.contains(outermost(javaClass).getSimpleName());
                }
            };
            noClasses().that().resideOutsideOfPackages(pkg(feature), "com.aisaas.app..")
                    .should().dependOnClassesThat(internal)
                    .as("other features use " + feature + " only through " + services)
                    .check(shared);
        }
    }

    @Test
    void theCommandLineToolsAreNotReached() {
        noClasses().should().dependOnClassesThat().resideInAPackage("com.aisaas.tools..").check(shared);
    }

    private static JavaClass outermost(JavaClass javaClass) {
        JavaClass current = javaClass;
        while (current.getEnclosingClass().isPresent()) {
            current = current.getEnclosingClass().get();
        }
        return current;
    }

    private static String pkg(String name) {
        return "com.aisaas." + name + "..";
    }

    private static String[] packages(List<String> names) {
        return names.stream().map(ArchitectureTest::pkg).toArray(String[]::new);
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
