package com.aisaas.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.devhost.services.RepoRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Azure's own rules that a deployment in {@code infra/} must keep and that can be checked without a Bicep compiler
 * or a subscription: literal types the AVM modules demand, the storage tier a redundancy allows, the ranges the
 * platform accepts, secure parameters, and every {@code az} command of the hooks against a list of commands and
 * flags confirmed in the az CLI sources. Each rule names its source; docs/deployment-verification.md lists them
 * with the date they were checked.
 *
 * <p>Like {@link InfraConsistencyIT}, a textual scan of the files; a layout the scan does not understand fails here.
 */
class InfraDeploymentRulesIT {

    /** avm-common-types 0.6.1 roleAssignmentType.principalType (used by avm/res/key-vault/vault 0.13.3). */
    private static final Set<String> AVM_PRINCIPAL_TYPES = Set.of("ServicePrincipal", "Group", "User", "ForeignGroup", "Device");

    /** Microsoft Learn, access tiers: only LRS, GRS and RA-GRS accounts support moving blobs to Archive. */
    private static final Set<String> ARCHIVE_CAPABLE_SKUS = Set.of("Standard_LRS", "Standard_GRS", "Standard_RAGRS");

    /** Microsoft Learn, Flex Consumption plan: the lowest maximum instance count is 40, the highest 1000. */
    private static final int FLEX_MIN_MAXIMUM_INSTANCES = 40;
    private static final int FLEX_MAX_MAXIMUM_INSTANCES = 1000;
    private static final Set<Integer> FLEX_INSTANCE_MEMORY_MB = Set.of(512, 2048, 4096);

    /**
     * Every az command the hooks may run, with the flags confirmed for it (azure-cli sources, see
     * docs/deployment-verification.md). Global flags ({@code -o}, {@code --query}) are allowed everywhere.
     */
    private static final Map<String, Set<String>> VERIFIED_AZ_COMMANDS = Map.of(
            "provider show", Set.of("--namespace"),
            "provider register", Set.of("--namespace", "--wait"),
            "keyvault list-deleted", Set.of("--resource-type"),
            "version", Set.of(),
            "postgres flexible-server update", Set.of("-g", "-n", "--public-access"),
            "postgres flexible-server firewall-rule", Set.of("-g", "--name", "--server-name", "--rule-name"),
            "account get-access-token", Set.of("--resource-type"),
            "functionapp show", Set.of("-g", "-n"),
            "functionapp keys list", Set.of("-g", "-n"),
            "rest", Set.of("--method", "--url", "--body"));

    private static final Set<String> GLOBAL_FLAGS = Set.of("-o", "--output", "--query");

    /** The command names of the firewall-rule group, which the hook passes through a shell function. */
    private static final Set<String> FIREWALL_RULE_VERBS = Set.of("create", "delete");

    private static Path root;
    private static String mainBicep;

    @BeforeAll
    static void read() {
        root = RepoRoot.find();
        mainBicep = read(root.resolve("infra/main.bicep"));
    }

    // ------------------------------------------------------------------------------------------ literal types

    @Test
    void principalTypes_passedToTheKeyVaultModule_areLiteralUnionsItAccepts() {
        String keyVault = read(root.resolve("infra/modules/keyvault.bicep"));
        Matcher uses = Pattern.compile("principalType:\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*$", Pattern.MULTILINE).matcher(keyVault);
        int checked = 0;
        while (uses.find()) {
            Set<String> literals = unionParam(keyVault, uses.group(1));
            assertThat(AVM_PRINCIPAL_TYPES).as("principalType literals of param " + uses.group(1)).containsAll(literals);
            assertThat(AVM_PRINCIPAL_TYPES).as("main.bicep principalType").containsAll(unionParam(mainBicep, "principalType"));
            assertThat(unionParam(mainBicep, "principalType")).as("main.bicep passes only what keyvault.bicep accepts")
                    .isSubsetOf(literals);
            checked++;
        }
        assertThat(checked).as("role assignments whose principalType is a parameter").isPositive();
        assertThat(unionParam(read(root.resolve("infra/modules/postgres.bicep")), "adminPrincipalType"))
                .as("PostgreSQL administrator principalType").isSubsetOf(Set.of("User", "Group", "ServicePrincipal"));
    }

    // ------------------------------------------------------------------------------ redundancy versus tier

    @Test
    void archiveTier_onlyWhereEveryAllowedRedundancySupportsIt() {
        String storage = read(root.resolve("infra/modules/storage.bicep"));
        Set<String> allowed = allowedStrings(mainBicep, "dataStorageSku");
        assertThat(allowed).as("data account redundancies").isNotEmpty();
        if (storage.contains("tierToArchive")) {
            assertThat(ARCHIVE_CAPABLE_SKUS).as("a lifecycle rule moves blobs to Archive, so every allowed"
                    + " redundancy must support it").containsAll(allowed);
        } else {
            assertThat(storage).as("the colder step of the schedule").contains("tierToCold");
        }
    }

    // ---------------------------------------------------------------------------------------- ranges

    @Test
    void flexConsumptionScale_staysWithinWhatThePlanAccepts() {
        assertThat(decorator(mainBicep, "minValue", "maximumInstanceCount"))
                .as("@minValue of maximumInstanceCount").isGreaterThanOrEqualTo(FLEX_MIN_MAXIMUM_INSTANCES);
        assertThat(decorator(mainBicep, "maxValue", "maximumInstanceCount"))
                .as("@maxValue of maximumInstanceCount").isLessThanOrEqualTo(FLEX_MAX_MAXIMUM_INSTANCES);
        int defaultCount = Integer.parseInt(paramDefault(mainBicep, "maximumInstanceCount"));
        assertThat(defaultCount).isBetween(FLEX_MIN_MAXIMUM_INSTANCES, FLEX_MAX_MAXIMUM_INSTANCES);
        Matcher memory = Pattern.compile("@allowed\\(\\[([0-9, ]+)\\]\\)\\s*param instanceMemoryMB int").matcher(mainBicep);
        assertThat(memory.find()).as("@allowed of instanceMemoryMB").isTrue();
        Set<Integer> sizes = Arrays.stream(memory.group(1).split(",")).map(String::trim).map(Integer::valueOf)
                .collect(Collectors.toSet());
        assertThat(FLEX_INSTANCE_MEMORY_MB).containsAll(sizes);
    }

    @Test
    void keyVault_softDeleteWithinItsRange_andPlatformAccessOff() {
        String keyVault = read(root.resolve("infra/modules/keyvault.bicep"));
        Matcher days = Pattern.compile("softDeleteRetentionInDays:\\s*(\\d+)").matcher(keyVault);
        assertThat(days.find()).isTrue();
        assertThat(Integer.parseInt(days.group(1))).as("Key Vault soft delete days (7..90)").isBetween(7, 90);
        for (String flag : List.of("enableVaultForDeployment", "enableVaultForTemplateDeployment", "enableVaultForDiskEncryption")) {
            assertThat(keyVault).as(flag + " (the module defaults it to true)").containsPattern(flag + ":\\s*false");
        }
        assertThat(keyVault).contains("enablePurgeProtection: true").contains("createMode: createMode");
        assertThat(unionParam(keyVault, "createMode")).containsExactlyInAnyOrder("default", "recover");
    }

    @Test
    void postgresServerParameters_useTheSourceTheServiceAccepts() {
        String postgres = read(root.resolve("infra/modules/postgres.bicep"));
        Matcher sources = Pattern.compile("source:\\s*'([^']*)'").matcher(postgres);
        int count = 0;
        while (sources.find()) {
            assertThat(sources.group(1)).as("configurations source").isEqualTo("user-override");
            count++;
        }
        assertThat(count).as("server parameters set").isPositive();
    }

    // ------------------------------------------------------------------------------------------------ redis

    /**
     * Either Redis the template can create keeps the app's contract: TLS only, Entra ID only (no access keys),
     * private endpoint only, and one endpoint the app's Jedis pool (not a cluster client) can use. Azure Managed
     * Redis: a database's clustering policy is fixed at creation and OSSCluster is its default, so it must be
     * EnterpriseCluster; its port is 10000 and its only access policy is 'default' (bicep-types-az redisenterprise
     * 2025-07-01, AVM avm/res/cache/redis-enterprise); its private-link group is 'redisEnterprise' and its DNS zone
     * privatelink.redis.azure.net (the same AVM module and its WAF test).
     */
    @Test
    void redis_eitherKind_isTlsAndEntraOnly_privateOnly_andOneEndpoint() {
        assertThat(allowedStrings(mainBicep, "redisKind")).containsExactlyInAnyOrder("managed", "premium");
        // Premium only where it can still be created (unconfirmed for new subscriptions): the successor is the default
        assertThat(paramDefault(mainBicep, "redisKind")).isEqualTo("'managed'");
        assertThat(read(root.resolve("infra/main.parameters.json"))).contains("${AZURE_REDIS_KIND=managed}");
        assertThat(mainBicep).contains("module redis 'modules/redis.bicep' = if (redisKind == 'premium')")
                .contains("module managedRedis 'modules/managed-redis.bicep' = if (redisKind == 'managed')");

        String premium = read(root.resolve("infra/modules/redis.bicep"));
        assertThat(premium).contains("enableNonSslPort: false").contains("disableAccessKeyAuthentication: true")
                .contains("publicNetworkAccess: 'Disabled'").contains("'aad-enabled': 'true'")
                .contains("groupId: 'redisCache'").contains("output port int = redis.properties.sslPort");

        String managed = read(root.resolve("infra/modules/managed-redis.bicep"));
        assertThat(managed).contains("'Microsoft.Cache/redisEnterprise@2025-07-01'")
                .contains("clientProtocol: 'Encrypted'").contains("clusteringPolicy: 'EnterpriseCluster'")
                .contains("accessKeysAuthentication: 'Disabled'").contains("publicNetworkAccess: 'Disabled'")
                .contains("minimumTlsVersion: '1.2'").contains("accessPolicyName: 'default'")
                .contains("groupId: 'redisEnterprise'").contains("port: 10000")
                .doesNotContain("listKeys(");
        Matcher database = Pattern.compile("resource database '[^']+' = \\{[^}]*?name: '([^']*)'", Pattern.DOTALL).matcher(managed);
        assertThat(database.find()).isTrue();
        assertThat(database.group(1)).as("the database of an Azure Managed Redis cluster").isEqualTo("default");
        Matcher assignment = Pattern.compile("accessPolicyAssignments@[^']+' = \\{\\s*parent: database\\s*name: '([^']*)'").matcher(managed);
        assertThat(assignment.find()).isTrue();
        assertThat(assignment.group(1)).as("access policy assignment name").matches("[A-Za-z0-9]{1,60}");
        for (String sku : allowedStrings(mainBicep, "redisManagedSku")) {
            assertThat(sku).as("Azure Managed Redis SKU (Balanced_B*, no Enterprise tier: those need capacity and zones)")
                    .matches("Balanced_B\\d+");
        }

        String network = read(root.resolve("infra/modules/network.bicep"));
        assertThat(network).contains("redis: redisKind == 'managed' ? 'privatelink.redis.azure.net' : 'privatelink.redis.cache.windows.net'");
        assertThat(mainBicep).as("the app's URL is TLS on the chosen cache's TLS port")
                .contains("'rediss://${managedRedis.outputs.hostName}:${managedRedis.outputs.port}'")
                .contains("'rediss://${redis.outputs.hostName}:${redis.outputs.port}'")
                .contains("redisNamespace: redisKind == 'managed' ? 'Microsoft.Cache/redisEnterprise' : 'Microsoft.Cache/redis'");
        assertThat(allowedStrings(read(root.resolve("infra/modules/alerts.bicep")), "redisNamespace"))
                .containsExactlyInAnyOrder("Microsoft.Cache/redis", "Microsoft.Cache/redisEnterprise");
    }

    // ------------------------------------------------------------------------------------------- secrets

    @Test
    void theWebhookUrl_isSecureWhereverItIsAParameter() {
        assertThat(mainBicep).containsPattern("@secure\\(\\)\\s*(@description\\([^\\n]*\\)\\s*)?param alertWebhookUrl string");
        assertThat(read(root.resolve("infra/modules/functionapp.bicep")))
                .containsPattern("@secure\\(\\)\\s*param alertWebhookUrl string");
    }

    @Test
    void noHook_putsAKeyOnACommandLine() throws IOException {
        for (Path hook : hooks()) {
            for (String command : azCommands(read(hook))) {
                assertThat(command).as(hook.getFileName() + ": " + command).doesNotContain("code=").doesNotContain("$key");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- hooks

    @Test
    void everyAzCommandOfTheHooks_isOnTheVerifiedList() throws IOException {
        List<String> problems = new ArrayList<>();
        int commands = 0;
        for (Path hook : hooks()) {
            for (String command : azCommands(read(hook))) {
                commands++;
                List<String> words = tokens(command);
                String name = commandName(words);
                Set<String> flags = VERIFIED_AZ_COMMANDS.get(name);
                if (flags == null) {
                    problems.add(hook.getFileName() + ": `az " + name + "` is not a verified command");
                    continue;
                }
                for (String word : words) {
                    if (word.startsWith("-") && !flags.contains(word) && !GLOBAL_FLAGS.contains(word)) {
                        problems.add(hook.getFileName() + ": `az " + name + " " + word + "` is not a verified flag");
                    }
                }
            }
        }
        assertThat(commands).as("az commands found in the hooks").isGreaterThan(5);
        assertThat(problems).as("unverified az commands").isEmpty();
    }

    @Test
    void firewallRuleFlags_matchTheCliVersionThatHasThem() {
        String hook = read(root.resolve("infra/hooks/postprovision.sh"));
        Matcher current = Pattern.compile("firewall-rule \"\\$verb\" -g \"\\$RG\" --server-name \"\\$SERVER\" --name \"\\$RULE\"").matcher(hook);
        Matcher older = Pattern.compile("firewall-rule \"\\$verb\" -g \"\\$RG\" --name \"\\$SERVER\" --rule-name \"\\$RULE\"").matcher(hook);
        assertThat(current.find()).as("az >= 2.86: --server-name SERVER --name RULE").isTrue();
        assertThat(older.find()).as("az < 2.86: --name SERVER --rule-name RULE").isTrue();
        int versionCheck = hook.indexOf("-ge 86");
        assertThat(versionCheck).as("the CLI version chooses the flags").isPositive();
        assertThat(current.start()).as("the 2.86 form is the branch taken when the minor version is >= 86")
                .isGreaterThan(versionCheck).isLessThan(older.start());
    }

    @Test
    void azureYaml_runsEveryHookScript() throws IOException {
        String azureYaml = read(root.resolve("azure.yaml"));
        for (Path hook : hooks()) {
            assertThat(azureYaml).as("azure.yaml runs " + hook.getFileName()).contains("run: infra/hooks/" + hook.getFileName());
        }
    }

    // ============================================================================================ helpers

    private static List<Path> hooks() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("infra/hooks"))) {
            List<Path> hooks = files.filter(p -> p.toString().endsWith(".sh")).sorted().collect(Collectors.toList());
            assertThat(hooks).as("hook scripts").isNotEmpty();
            return hooks;
        }
    }

    /** The az commands of a script: continuation lines joined, comments dropped, from {@code az} to the end. */
    static List<String> azCommands(String script) {
        List<String> commands = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String raw : script.lines().collect(Collectors.toList())) {
            String text = raw.strip();
            if (text.startsWith("#")) {
                continue;
            }
            if (text.endsWith("\\")) {
                line.append(text, 0, text.length() - 1).append(' ');
                continue;
            }
            line.append(text);
            Matcher az = Pattern.compile("(?:^|[\\s(;{|&])az\\s+([a-z].*)$").matcher(line);
            if (az.find()) {
                commands.add(az.group(1));
            }
            line.setLength(0);
        }
        return commands;
    }

    /** Shell-like words, with quotes kept inside words and a command ended by {@code ;}, {@code |}, {@code )}. */
    private static List<String> tokens(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        for (char c : command.toCharArray()) {
            if (quote != 0) {
                word.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                word.append(c);
            } else if (Character.isWhitespace(c) || c == ';' || c == '|' || c == ')') {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
                if (c != ' ' && !Character.isWhitespace(c)) {
                    break;
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    /** The leading words that name the command; a firewall-rule verb may come through {@code "$verb"}. */
    private static String commandName(List<String> words) {
        List<String> name = new ArrayList<>();
        for (String word : words) {
            if (word.startsWith("-") || word.startsWith("\"") || word.startsWith("'") || word.startsWith("$")) {
                break;
            }
            name.add(word);
        }
        String joined = String.join(" ", name);
        if (joined.startsWith("postgres flexible-server firewall-rule")) {
            String verb = joined.substring("postgres flexible-server firewall-rule".length()).strip();
            assertThat(verb.isEmpty() || FIREWALL_RULE_VERBS.contains(verb)).as("firewall-rule verb " + verb).isTrue();
            return "postgres flexible-server firewall-rule";
        }
        return joined;
    }

    /** The literals of {@code param name 'a' | 'b' ...}. */
    private static Set<String> unionParam(String bicep, String name) {
        Matcher m = Pattern.compile("(?m)^param " + name + " ((?:'[^']*'\\s*\\|\\s*)*'[^']*')").matcher(bicep);
        assertThat(m.find()).as("param " + name + " is a union of string literals").isTrue();
        Set<String> literals = new LinkedHashSet<>();
        Matcher literal = Pattern.compile("'([^']*)'").matcher(m.group(1));
        while (literal.find()) {
            literals.add(literal.group(1));
        }
        return literals;
    }

    private static Set<String> allowedStrings(String bicep, String param) {
        Matcher m = Pattern.compile("@allowed\\(\\[([^\\]]*)\\]\\)(?:\\s*@[a-zA-Z]+\\([^\\n]*\\))*\\s*param " + param + " ").matcher(bicep);
        assertThat(m.find()).as("@allowed of " + param).isTrue();
        Set<String> values = new TreeSet<>();
        Matcher literal = Pattern.compile("'([^']*)'").matcher(m.group(1));
        while (literal.find()) {
            values.add(literal.group(1));
        }
        return values;
    }

    private static int decorator(String bicep, String decorator, String param) {
        Matcher m = Pattern.compile("@" + decorator + "\\((\\d+)\\)(?:\\s*@[a-zA-Z]+\\([^\\n]*\\))*\\s*param " + param + " ").matcher(bicep);
        assertThat(m.find()).as("@" + decorator + " of " + param).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static String paramDefault(String bicep, String param) {
        Matcher m = Pattern.compile("(?m)^param " + param + " \\S+ = (\\S+)\\s*$").matcher(bicep);
        assertThat(m.find()).as("default of " + param).isTrue();
        return m.group(1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
