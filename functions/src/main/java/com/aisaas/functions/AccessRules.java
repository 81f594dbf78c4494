package com.aisaas.functions;

import com.aisaas.auth.Caller;
import com.aisaas.auth.Role;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may call each HTTP function: the API's one authorization table, keyed by function name. {@link Http} consults
 * it before any endpoint runs and fails closed: a function without a row answers 500 and runs nothing, and
 * {@code AccessRulesTest} fails for it (and for a route of docs/openapi.yaml whose rule differs from its
 * {@code x-roles}).
 *
 * <p>Roles decide who reaches an endpoint; which rows the endpoint then shows is the data layer's scoping by
 * {@link Caller#tenantId()}, {@link Caller#subject()} and {@link Caller#tenantFilter()}.
 */
final class AccessRules {

    /** How a route is protected. */
    sealed interface Rule permits Anonymous, FunctionKey, Roles {
    }

    /** Anyone; the function answers nothing a stranger may not know. */
    record Anonymous() implements Rule {
    }

    /** The host checks a function key ({@code authLevel = FUNCTION}) before the function runs; no bearer token. */
    record FunctionKey() implements Rule {
    }

    /** A bearer token carrying at least one of {@code allowed}. */
    record Roles(Set<Role> allowed) implements Rule {
        Roles {
            allowed = Set.copyOf(allowed);
            if (allowed.isEmpty()) {
                throw new IllegalArgumentException("a role rule names at least one role");
            }
        }

        boolean allows(Caller caller) {
            return caller.roles().stream().anyMatch(allowed::contains);
        }

        /** For a 403's detail: the roles in claim spelling, in declaration order. */
        String describe() {
            return EnumSet.copyOf(allowed).stream().map(Role::claimValue).collect(Collectors.joining(" or "));
        }
    }

    private static final Rule ANONYMOUS = new Anonymous();
    private static final Rule FUNCTION_KEY = new FunctionKey();
    /** People working with files: their own, or (tenant-admin) their tenant's as the file services scope them. */
    private static final Rule FILES = new Roles(Set.of(Role.USER, Role.TENANT_ADMIN));
    private static final Rule OPERATOR = new Roles(Set.of(Role.OPERATOR));
    /**
     * Dead letters: operators (every tenant's) and tenant-admins (their tenant's: the functions pass
     * {@link Caller#tenantFilter()}, and row-level security holds the query to that tenant).
     */
    private static final Rule DEAD_LETTERS = new Roles(Set.of(Role.OPERATOR, Role.TENANT_ADMIN));

    private static final Map<String, Rule> STANDARD = Map.ofEntries(
            Map.entry(CreateUploadSessionHttpFunction.NAME, FILES),
            Map.entry(UploadFileHttpFunction.NAME, FILES),
            Map.entry(ListFilesHttpFunction.NAME, FILES),
            Map.entry(SearchFilesHttpFunction.NAME, FILES),
            Map.entry(GetFileHttpFunction.NAME, FILES),
            Map.entry(UpdateFileHttpFunction.NAME, FILES),
            Map.entry(DeleteFileHttpFunction.NAME, FILES),
            Map.entry(DownloadFileHttpFunction.NAME, FILES),
            Map.entry(RestoreFileHttpFunction.NAME, FILES),
            Map.entry(ListDeadLettersHttpFunction.NAME, DEAD_LETTERS),
            Map.entry(ReplayDeadLetterHttpFunction.NAME, DEAD_LETTERS),
            Map.entry(ListHealthChecksHttpFunction.NAME, OPERATOR),
            Map.entry(MetricsSummaryHttpFunction.NAME, OPERATOR),
            Map.entry(RunHealthSweepHttpFunction.NAME, OPERATOR),
            Map.entry(RunSearchBackfillHttpFunction.NAME, OPERATOR),
            Map.entry(ListMaintenanceRunsHttpFunction.NAME, OPERATOR),
            Map.entry(ListBackupsHttpFunction.NAME, OPERATOR),
            Map.entry(VerifyBackupHttpFunction.NAME, OPERATOR),
            Map.entry(HealthLiveHttpFunction.NAME, ANONYMOUS),
            Map.entry(HealthReadyHttpFunction.NAME, ANONYMOUS),
            Map.entry(HealthReadyDetailsHttpFunction.NAME, FUNCTION_KEY),
            Map.entry(HealthDatabaseHttpFunction.NAME, FUNCTION_KEY),
            Map.entry(MetricsHttpFunction.NAME, FUNCTION_KEY));

    private static final AccessRules INSTANCE = new AccessRules(STANDARD);

    private final Map<String, Rule> rules;

    AccessRules(Map<String, Rule> rules) {
        this.rules = Map.copyOf(rules);
    }

    static AccessRules standard() {
        return INSTANCE;
    }

    /** Every row, for the tests that hold the table against the functions and the spec. */
    Map<String, Rule> rules() {
        return rules;
    }

    Optional<Rule> find(String functionName) {
        return Optional.ofNullable(rules.get(Objects.requireNonNull(functionName, "functionName")));
    }

    /** The rule of {@code functionName}; a function without one is a defect of this table (500, nothing runs). */
    Rule of(String functionName) {
        return find(functionName).orElseThrow(() -> new IllegalStateException("no access rule for the function "
                + functionName + ": add its row to AccessRules"));
    }

    /** A function served without the pipeline must be anonymous or key-protected; anything else is a defect. */
    void requireWithoutToken(String functionName) {
        Rule rule = of(functionName);
        if (rule instanceof Roles) {
            throw new IllegalStateException("the function " + functionName + " needs roles but is served without"
                    + " authentication: run it through Http.Pipeline");
        }
    }
}
