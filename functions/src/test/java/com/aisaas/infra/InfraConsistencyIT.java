package com.aisaas.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.config.Setting;
import com.aisaas.devhost.services.RepoRoot;
import com.aisaas.files.BlobPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks, without a Bicep CLI or an Azure subscription, that the deployment in {@code infra/} and the code agree:
 * the settings the code reads, the names of containers and functions, and the retention and alert numbers.
 *
 * <p>Sources, all discovered rather than listed here, so that functions and settings added later are covered:
 * <ul>
 *   <li>the settings the code reads: every {@code public static final String} of {@link Setting} (reflection);</li>
 *   <li>the packaged functions: every {@code function.json} that azure-functions-maven-plugin wrote under
 *       {@code functions/target/azure-functions/<app>/} (failsafe runs after {@code package});</li>
 *   <li>the app's containers: every {@code public static final String *_CONTAINER} constant of the classes of the
 *       {@code shared} module (class scan + reflection);</li>
 *   <li>{@code local.settings.sample.json} (Jackson).</li>
 * </ul>
 *
 * <p>The Bicep side is read by a small textual scan, not a Bicep parser: the {@code var appSettings = { ... }}
 * block of {@code infra/modules/functionapp.bicep} (one {@code NAME: value} per line, two-space indent; the
 * block ends at a closing brace in column 0), the {@code dataContainers} list and the lifecycle / soft delete
 * numbers of {@code infra/modules/storage.bicep}, the metric alerts of {@code infra/modules/alerts.bicep}, and the
 * {@code NAME=value} lines of {@code infra/hooks/postdeploy.sh}. Those files say so in their headers; a layout
 * change that the scan no longer understands fails here with a message, never passes silently.
 */
class InfraConsistencyIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** In the sample but deliberately not in Bicep, with the reason. */
    private static final Map<String, String> LOCAL_ONLY = Map.of(
            Setting.UPLOADS_STORAGE, "a shared-key connection string (Azurite locally); refused in azure, which uses"
                    + " the identity-based UploadsStorage__blobServiceUri",
            "AzureWebJobsStorage", "the local connection string; Azure uses identity-based AzureWebJobsStorage__*",
            "FUNCTIONS_WORKER_RUNTIME", "Flex Consumption takes the runtime from functionAppConfig.runtime and"
                    + " refuses this app setting");

    /** Settings of the platform (the Functions host, Application Insights) rather than of the code. */
    private static final Map<String, String> PLATFORM = Map.of(
            "APPLICATIONINSIGHTS_CONNECTION_STRING", "read by the Functions host to send telemetry",
            "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "Entra ID ingestion with the app's identity (Azure only)",
            "FUNCTIONS_WORKER_RUNTIME", "read by func / devhost locally",
            "languageWorkers__java__arguments", "the Java worker's JVM options (devhost passes them to its host JVM)",
            "AzureWebJobsStorage", "the host's own storage");

    /** Devhost's settings: the local host only, never deployed. */
    private static final String DEVHOST_PREFIX = "DEVHOST_";

    /**
     * Names the deployment refers to before the code that defines them is merged; tolerated only while the code
     * does not define them (a name that exists must still match).
     */
    private static final Map<String, String> PENDING_FUNCTIONS = Map.of();
    private static final Map<String, String> PENDING_CONTAINERS = Map.of();

    /**
     * The lifecycle schedule of uploads (docs/architecture.md): cool, colder, delete after days. The colder tier is
     * Cold, not Archive, because the data account is zone-redundant (InfraDeploymentRulesIT checks the pairing).
     */
    private static final int SEED_COOL_DAYS = 30;
    private static final int SEED_COLD_DAYS = 90;
    private static final int SEED_DELETE_DAYS = 365;

    private static Path root;
    private static Map<String, String> sample;
    private static Map<String, String> bicepSettings;
    private static Set<String> settingNames;
    private static Map<String, JsonNode> functions;
    private static String storageBicep;
    private static String mainBicep;
    private static Map<String, String> hook;

    @BeforeAll
    static void read() throws IOException {
        root = RepoRoot.find();
        sample = sampleValues(root.resolve("local.settings.sample.json"));
        bicepSettings = bicepAppSettings(read(root.resolve("infra/modules/functionapp.bicep")));
        settingNames = settingConstants();
        functions = packagedFunctions(root.resolve("functions/target/azure-functions"));
        storageBicep = read(root.resolve("infra/modules/storage.bicep"));
        mainBicep = read(root.resolve("infra/main.bicep"));
        hook = shellAssignments(read(root.resolve("infra/hooks/postdeploy.sh")));
    }

    // ------------------------------------------------------------------------------------------ 1. settings

    @Test
    void everySettingTheCodeReads_isInTheSample_andInTheFunctionAppSettings() {
        assertThat(settingNames).as("Setting.java constants").hasSizeGreaterThan(20);
        List<String> problems = new ArrayList<>();
        for (String name : settingNames) {
            if (!sample.containsKey(name)) {
                problems.add(name + " is read by the code but missing from local.settings.sample.json");
            }
            if (!bicepSettings.containsKey(name) && !LOCAL_ONLY.containsKey(name)) {
                problems.add(name + " is read by the code but missing from appSettings in infra/modules/functionapp.bicep");
            }
        }
        assertThat(problems).as("settings missing").isEmpty();
    }

    @Test
    void nothingStale_inTheSampleOrInBicep_andDevhostSettingsOnlyInTheSample() {
        Set<String> connections = bindingConnections();
        List<String> problems = new ArrayList<>();
        for (String name : sample.keySet()) {
            if (!settingNames.contains(name) && !name.startsWith(DEVHOST_PREFIX) && !PLATFORM.containsKey(name)) {
                problems.add(name + " is in local.settings.sample.json but no code reads it (not in Setting.java)");
            }
        }
        for (String name : bicepSettings.keySet()) {
            if (name.startsWith(DEVHOST_PREFIX)) {
                problems.add(name + " is a local devhost setting and must not be deployed");
            } else if (LOCAL_ONLY.containsKey(name)) {
                problems.add(name + " must not be deployed: " + LOCAL_ONLY.get(name));
            } else if (!settingNames.contains(name) && !PLATFORM.containsKey(name) && !isConnectionForm(name, connections)) {
                problems.add(name + " is in the Bicep app settings but no code reads it");
            }
        }
        assertThat(problems).as("stale or misplaced settings").isEmpty();
        assertThat(sample.keySet()).as("devhost's own settings live in the sample")
                .anyMatch(name -> name.startsWith(DEVHOST_PREFIX));
    }

    @Test
    void deployedSettings_followTheAzureRules_andHoldNoSecret() {
        assertThat(literal(Setting.APP_ENVIRONMENT)).isEqualTo("azure");
        assertThat(literal(Setting.DB_AUTH_MODE)).isEqualTo("entra");
        assertThat(literal(Setting.REDIS_AUTH_MODE)).isEqualTo("entra");
        assertThat(bicepSettings.get(Setting.DB_URL)).contains("jdbc:postgresql://").contains("sslmode=require");
        // The URL is built in main.bicep from the chosen cache (InfraDeploymentRulesIT checks both forms are rediss://).
        assertThat(bicepSettings.get(Setting.REDIS_URL)).isEqualTo("redisUrl");
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> setting : bicepSettings.entrySet()) {
            String name = setting.getKey();
            String value = setting.getValue();
            boolean secret = name.endsWith("_PASSWORD") || name.endsWith("_KEY") || name.contains("_KEY_");
            if (secret && !value.equals("''") && !value.startsWith("'@Microsoft.KeyVault(")) {
                problems.add(name + " holds a value; secrets come from Key Vault (empty, or a Key Vault reference)");
            }
            if (value.contains("AccountKey=") || value.contains("listKeys(") || value.contains("SharedAccessSignature")) {
                problems.add(name + " carries a shared key; identities only");
            }
        }
        assertThat(problems).as("deployed secrets").isEmpty();
    }

    @Test
    void theConnectionBudget_instancesTimesPool_staysUnderTheConnectionAlert() {
        int instances = intParam(mainBicep, "maximumInstanceCount");
        int pool = intParam(mainBicep, "dbPoolMaxSize");
        assertThat(bicepSettings.get(Setting.DB_POOL_MAX_SIZE)).isEqualTo("string(dbPoolMaxSize)");
        assertThat(instances * pool).as("maximumInstanceCount × DB_POOL_MAX_SIZE")
                .isLessThanOrEqualTo(Integer.parseInt(sample.get(Setting.HEALTH_DB_CONNECTIONS_ALERT)));
    }

    // ------------------------------------------------------------------------------ 2. function.json %SETTING%

    @Test
    void everySettingAFunctionJsonRefersTo_isDefinedInBoth() {
        assertThat(functions).as("packaged functions under functions/target/azure-functions").isNotEmpty();
        List<String> problems = new ArrayList<>();
        Pattern placeholder = Pattern.compile("%([^%\\s]+)%");
        functions.forEach((function, json) -> strings(json).forEach(text -> {
            Matcher m = placeholder.matcher(text);
            while (m.find()) {
                String name = m.group(1);
                if (!sample.containsKey(name)) {
                    problems.add(function + " uses %" + name + "% which local.settings.sample.json does not define");
                }
                if (!bicepSettings.containsKey(name)) {
                    problems.add(function + " uses %" + name + "% which the Bicep app settings do not define");
                }
            }
        }));
        for (String connection : bindingConnections()) {
            if (!sample.containsKey(connection)) {
                problems.add("connection " + connection + " is not in local.settings.sample.json");
            }
            if (!bicepSettings.containsKey(connection + "__blobServiceUri") && !bicepSettings.containsKey(connection + "__serviceUri")
                    && !bicepSettings.containsKey(connection)) {
                problems.add("connection " + connection + " has no (identity-based) definition in the Bicep app settings");
            }
        }
        assertThat(problems).as("function.json references").isEmpty();
    }

    // ------------------------------------------------------------------------------ 3. containers and functions

    @Test
    void containersInBicep_areTheCodesContainers_andTheDeadLetterContainer() throws Exception {
        Set<String> code = codeContainers();
        assertThat(code).as("*_CONTAINER constants found in shared").contains(BlobPaths.UPLOADS_CONTAINER);
        Set<String> bicep = bicepList(storageBicep, "dataContainers");
        String deadLetter = bicepStringVar(storageBicep, "deadLetterContainerName");
        String devhostDeadLetter = devhostDeadLetterContainer();

        List<String> problems = new ArrayList<>();
        for (String container : code) {
            if (!bicep.contains(container)) {
                problems.add("the code uses container " + container + " but storage.bicep does not create it");
            }
        }
        for (String container : bicep) {
            boolean known = code.contains(container) || container.equals(deadLetter)
                    || PENDING_CONTAINERS.containsKey(container) && !code.contains(container);
            if (!known) {
                problems.add("storage.bicep creates container " + container + " which nothing uses");
            }
        }
        if (!bicep.contains(deadLetter)) {
            problems.add("the dead-letter container " + deadLetter + " is not created");
        }
        if (!deadLetter.equals(devhostDeadLetter)) {
            problems.add("dead-letter container " + deadLetter + " differs from devhost's " + devhostDeadLetter);
        }
        if (!deadLetter.equals(hook.get("DEADLETTER_CONTAINER"))) {
            problems.add("postdeploy.sh dead-letters to " + hook.get("DEADLETTER_CONTAINER") + ", Bicep creates " + deadLetter);
        }
        for (String key : List.of("UPLOADS_CONTAINER", "FILES_CONTAINER", "DELETED_CONTAINER")) {
            if (!code.contains(hook.get(key))) {
                problems.add("postdeploy.sh " + key + "=" + hook.get(key) + " is not a container of the code");
            }
        }
        functions.forEach((function, json) -> triggers(json, "blobTrigger").forEach(trigger -> {
            String container = trigger.path("path").asText().split("/", 2)[0];
            if (!bicep.contains(container)) {
                problems.add(function + " triggers on container " + container + " which storage.bicep does not create");
            }
        }));
        assertThat(problems).as("container names").isEmpty();
    }

    @Test
    void everyEventDrivenFunction_isSubscribedByTheHook_underItsPackagedName() {
        String uploads = hook.get("PROCESS_UPLOAD_FUNCTION");
        String lifecycle = hook.get("LIFECYCLE_FUNCTION");
        assertThat(uploads).as("PROCESS_UPLOAD_FUNCTION in postdeploy.sh").isNotBlank();
        assertThat(lifecycle).as("LIFECYCLE_FUNCTION in postdeploy.sh").isNotBlank();
        List<String> problems = new ArrayList<>();

        // Every function Event Grid must feed is wired by the hook (otherwise it never fires in Azure).
        functions.forEach((function, json) -> {
            for (JsonNode trigger : triggers(json, "blobTrigger")) {
                if ("EventGrid".equalsIgnoreCase(trigger.path("source").asText()) && !function.equals(uploads)) {
                    problems.add(function + " is an Event Grid blob trigger but postdeploy.sh does not subscribe it");
                } else if ("EventGrid".equalsIgnoreCase(trigger.path("source").asText())) {
                    String container = trigger.path("path").asText().split("/", 2)[0];
                    if (!container.equals(hook.get("UPLOADS_CONTAINER"))) {
                        problems.add(function + " triggers on " + container + " but its subscription filters on "
                                + hook.get("UPLOADS_CONTAINER"));
                    }
                }
            }
            if (!triggers(json, "eventGridTrigger").isEmpty() && !function.equals(lifecycle)) {
                problems.add(function + " is an Event Grid trigger but postdeploy.sh does not subscribe it");
            }
        });
        // And the names the hook uses are packaged functions with the trigger its webhook needs.
        checkHookFunction(uploads, "blobTrigger", problems);
        checkHookFunction(lifecycle, "eventGridTrigger", problems);
        assertThat(problems).as("Event Grid wiring").isEmpty();
    }

    @Test
    void azdDeploysThePackageDevhostRuns() throws IOException {
        String azureYaml = read(root.resolve("azure.yaml"));
        Matcher dist = Pattern.compile("(?m)^\\s+dist:\\s*(\\S+)\\s*$").matcher(azureYaml);
        assertThat(dist.find()).as("dist: in azure.yaml").isTrue();
        Path packaged = root.resolve(dist.group(1));
        assertThat(packaged.resolve("host.json")).as("azure.yaml dist is the packaged app").isRegularFile();
        assertThat(hook.get("PACKAGE_DIR")).isEqualTo(dist.group(1));
    }

    // ------------------------------------------------------------------------------ 4. retention and alerts

    @Test
    void blobSoftDelete_isTheFilesRestoreWindow() {
        int restoreWindow = Integer.parseInt(sample.get(Setting.FILES_RESTORE_WINDOW_DAYS));
        assertThat(literal(Setting.FILES_RESTORE_WINDOW_DAYS)).isEqualTo(Integer.toString(restoreWindow));
        assertThat(daysOf("deleteRetentionPolicy")).as("blob soft delete days").isEqualTo(restoreWindow);
        assertThat(daysOf("containerDeleteRetentionPolicy")).as("container soft delete days").isEqualTo(restoreWindow);
        assertThat(storageBicep).contains("isVersioningEnabled: true");
        assertThat(Pattern.compile("changeFeed:\\s*\\{\\s*enabled: true").matcher(storageBicep).find())
                .as("change feed on").isTrue();
    }

    @Test
    void lifecycleRule_isCoolColdDelete_onFileBlobsOnly() {
        int cool = number(storageBicep, "tierToCool:\\s*\\{\\s*daysAfterModificationGreaterThan:\\s*(\\d+)");
        int cold = number(storageBicep, "tierToCold:\\s*\\{\\s*daysAfterModificationGreaterThan:\\s*(\\d+)");
        int delete = number(storageBicep, "delete:\\s*\\{\\s*daysAfterModificationGreaterThan:\\s*(\\d+)");
        assertThat(List.of(cool, cold, delete)).containsExactly(SEED_COOL_DAYS, SEED_COLD_DAYS, SEED_DELETE_DAYS);
        assertThat(delete).as("lifecycle deletion comes long after the restore window")
                .isGreaterThan(Integer.parseInt(sample.get(Setting.FILES_RESTORE_WINDOW_DAYS)));
        assertThat(bicepList(storageBicep, "prefixMatch"))
                .as("tiering and deletion apply to files' blobs only (backups stay readable, quarantine has its own policy)")
                .containsExactlyInAnyOrder(BlobPaths.FILES_CONTAINER + "/", BlobPaths.UPLOADS_CONTAINER + "/");
    }

    @Test
    void metricAlerts_useTheHealthSweepsThresholds() throws IOException {
        Map<String, Integer> thresholds = metricThresholds(read(root.resolve("infra/modules/alerts.bicep")));
        assertThat(thresholds).containsKeys("active_connections", "cpu_percent", "usedmemorypercentage");
        assertThat(thresholds.get("active_connections")).as("PostgreSQL connections alert")
                .isEqualTo(Integer.parseInt(sample.get(Setting.HEALTH_DB_CONNECTIONS_ALERT)))
                .isEqualTo(Integer.parseInt(literal(Setting.HEALTH_DB_CONNECTIONS_ALERT)));
        assertThat(thresholds.get("usedmemorypercentage")).as("Redis memory alert")
                .isEqualTo(Integer.parseInt(sample.get(Setting.HEALTH_REDIS_MEMORY_ALERT_PERCENT)))
                .isEqualTo(Integer.parseInt(literal(Setting.HEALTH_REDIS_MEMORY_ALERT_PERCENT)));
        assertThat(thresholds.get("cpu_percent")).as("PostgreSQL CPU alert (seed: 80 %)").isEqualTo(80);
    }

    // ------------------------------------------------------------------------------ 5. operator docs

    @Test
    void operationsGuide_documentsEverySetting() throws IOException {
        String guide = read(root.resolve("docs/operations.md"));
        Set<String> undocumented = new TreeSet<>();
        Stream.concat(sample.keySet().stream(), bicepSettings.keySet().stream())
                .filter(name -> !guide.contains("`" + name + "`"))
                .forEach(undocumented::add);
        assertThat(undocumented).as("settings missing from docs/operations.md").isEmpty();
    }

    // ================================================================================================ helpers

    private static void checkHookFunction(String name, String triggerType, List<String> problems) {
        JsonNode function = functions.get(name);
        if (function == null) {
            if (!PENDING_FUNCTIONS.containsKey(name)) {
                problems.add("postdeploy.sh subscribes " + name + " but no such function is packaged");
            }
            return;
        }
        if (triggers(function, triggerType).isEmpty()) {
            problems.add("postdeploy.sh subscribes " + name + " as a " + triggerType + " but its function.json has none");
        }
    }

    private static boolean isConnectionForm(String name, Set<String> connections) {
        int split = name.indexOf("__");
        return split > 0 && (connections.contains(name.substring(0, split)) || name.startsWith("AzureWebJobsStorage__"));
    }

    private static String literal(String name) {
        String value = bicepSettings.get(name);
        assertThat(value).as(name + " in the Bicep app settings").isNotNull();
        assertThat(value).as(name + " is a plain string literal").matches("'[^']*'");
        return value.substring(1, value.length() - 1);
    }

    private static int daysOf(String policy) {
        return number(storageBicep, policy + ":\\s*\\{\\s*enabled:\\s*true\\s*days:\\s*(\\d+)");
    }

    private static int number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("found /" + regex + "/").isTrue();
        int value = Integer.parseInt(m.group(1));
        assertThat(m.find()).as("/" + regex + "/ is unambiguous").isFalse();
        return value;
    }

    private static int intParam(String bicep, String name) {
        return number(bicep, "(?m)^param " + name + " int = (\\d+)\\s*$");
    }

    private static String bicepStringVar(String bicep, String name) {
        Matcher m = Pattern.compile("(?m)^var " + name + " = '([^']*)'\\s*$").matcher(bicep);
        assertThat(m.find()).as("var " + name).isTrue();
        return m.group(1);
    }

    /** The string items of a {@code name = [ ... ]} or {@code name: [ ... ]} list, identifiers resolved as string vars. */
    private static Set<String> bicepList(String bicep, String name) {
        Matcher m = Pattern.compile("\\b" + name + "\\s*[:=]\\s*\\[([^\\]]*)\\]").matcher(bicep);
        assertThat(m.find()).as("list " + name).isTrue();
        Set<String> items = new LinkedHashSet<>();
        for (String item : m.group(1).split("[\\n,]")) {
            String trimmed = item.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("//")) {
                continue;
            }
            items.add(trimmed.startsWith("'") ? trimmed.substring(1, trimmed.length() - 1) : bicepStringVar(bicep, trimmed));
        }
        return items;
    }

    /** {@code metric: 'x'} followed (in the same object) by {@code threshold: n}. */
    private static Map<String, Integer> metricThresholds(String alertsBicep) {
        Map<String, Integer> thresholds = new TreeMap<>();
        Matcher m = Pattern.compile("metric:\\s*'([^']+)'[^{}]*?threshold:\\s*(\\d+)").matcher(alertsBicep);
        while (m.find()) {
            thresholds.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return thresholds;
    }

    /** The {@code var appSettings = { ... }} block: top-level {@code NAME: expression} lines. */
    static Map<String, String> bicepAppSettings(String bicep) {
        List<String> lines = bicep.lines().collect(Collectors.toList());
        int start = lines.indexOf("var appSettings = {");
        assertThat(start).as("`var appSettings = {` in functionapp.bicep").isNotNegative();
        Map<String, String> settings = new LinkedHashMap<>();
        Pattern entry = Pattern.compile("^  ([A-Za-z_][A-Za-z0-9_]*): (.+)$");
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.equals("}")) {
                return settings;
            }
            if (line.isBlank() || line.trim().startsWith("//")) {
                continue;
            }
            Matcher m = entry.matcher(line);
            assertThat(m.matches()).as("appSettings line " + (i + 1) + " is `  NAME: value`: " + line).isTrue();
            assertThat(settings.put(m.group(1), m.group(2).trim())).as("duplicate app setting " + m.group(1)).isNull();
        }
        throw new AssertionError("appSettings block in functionapp.bicep is not closed by `}` in column 0");
    }

    /** {@code NAME=value} lines of a shell script (no quoting, no expansion). */
    private static Map<String, String> shellAssignments(String script) {
        Map<String, String> values = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^([A-Z_]+)=([A-Za-z0-9_./-]+)\\s*$").matcher(script);
        while (m.find()) {
            values.put(m.group(1), m.group(2));
        }
        return values;
    }

    private static Map<String, String> sampleValues(Path file) throws IOException {
        JsonNode values = JSON.readTree(file.toFile()).path("Values");
        assertThat(values.isObject()).as("Values in " + file).isTrue();
        Map<String, String> result = new LinkedHashMap<>();
        values.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
        return result;
    }

    private static Set<String> settingConstants() {
        Set<String> names = new TreeSet<>();
        for (Field field : Setting.class.getDeclaredFields()) {
            int mods = field.getModifiers();
            if (Modifier.isPublic(mods) && Modifier.isStatic(mods) && Modifier.isFinal(mods) && field.getType() == String.class) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }

    /** function name (its directory) → function.json, for every function of the packaged app. */
    private static Map<String, JsonNode> packagedFunctions(Path stagingRoot) throws IOException {
        assertThat(stagingRoot).as("run the package phase first (failsafe does)").isDirectory();
        Map<String, JsonNode> result = new TreeMap<>();
        try (Stream<Path> files = Files.find(stagingRoot, 3, (p, a) -> p.getFileName().toString().equals("function.json"))) {
            for (Path file : files.collect(Collectors.toList())) {
                result.put(file.getParent().getFileName().toString(), JSON.readTree(file.toFile()));
            }
        }
        return result;
    }

    private static List<JsonNode> triggers(JsonNode function, String type) {
        List<JsonNode> result = new ArrayList<>();
        for (JsonNode binding : function.path("bindings")) {
            if (type.equals(binding.path("type").asText())) {
                result.add(binding);
            }
        }
        return result;
    }

    private static Set<String> bindingConnections() {
        Set<String> connections = new TreeSet<>();
        functions.values().forEach(f -> f.path("bindings").forEach(b -> {
            if (b.hasNonNull("connection")) {
                connections.add(b.get("connection").asText());
            }
        }));
        return connections;
    }

    private static List<String> strings(JsonNode node) {
        List<String> result = new ArrayList<>();
        if (node.isTextual()) {
            result.add(node.asText());
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            result.addAll(strings(it.next()));
        }
        return result;
    }

    /** Values of every {@code public static final String *_CONTAINER} in the classes of the shared module. */
    private static Set<String> codeContainers() throws IOException, URISyntaxException {
        Path location = Path.of(BlobPaths.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> classNames = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                files.filter(p -> p.toString().endsWith(".class"))
                        .map(p -> location.relativize(p).toString())
                        .forEach(classNames::add);
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).forEach(classNames::add);
            }
        }
        Set<String> containers = new TreeSet<>();
        ClassLoader loader = InfraConsistencyIT.class.getClassLoader();
        for (String file : classNames) {
            String name = file.substring(0, file.length() - ".class".length()).replace('/', '.').replace('\\', '.');
            if (name.endsWith("module-info") || name.endsWith("package-info")) {
                continue;
            }
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            for (Field field : type.getDeclaredFields()) {
                int mods = field.getModifiers();
                if (field.getName().endsWith("_CONTAINER") && Modifier.isPublic(mods) && Modifier.isStatic(mods)
                        && Modifier.isFinal(mods) && field.getType() == String.class) {
                    try {
                        containers.add((String) field.get(null));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return containers;
    }

    /** The dead-letter container of devhost's local Event Grid emulation, which Azure must match. */
    private static String devhostDeadLetterContainer() throws ReflectiveOperationException {
        Field field = Class.forName("com.aisaas.devhost.events.DeadLetters").getDeclaredField("CONTAINER");
        field.setAccessible(true);
        return (String) field.get(null);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
