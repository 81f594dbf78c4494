package com.aisaas.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.auth.Caller;
import com.aisaas.auth.Role;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may call what, route by route: every operation of docs/openapi.yaml against six callers, through the real
 * {@link AccessRules} table and {@link Http}'s pipeline (endpoints stubbed). A route added to the spec, or an HTTP
 * function added to the code, without its row here and in {@link AccessRules} fails this test; so does a spec whose
 * {@code security} or {@code x-roles} disagree with the table.
 *
 * <p>Cells: a status the pipeline answers ({@code 401}, {@code 403}), {@code 200} when the endpoint runs (it must then
 * see exactly the caller of the token: user B, who has user A's subject in another tenant, is another data scope),
 * or {@code key} when the host guards the route with a function key and no bearer token matters.
 */
class AccessRulesTest {

    /** The expected answer per route and caller. */
    private static final String MATRIX = """
            # method route                                      anonymous userA userB adminA adminB operator
            POST   /api/v1/files/uploads                        401       200   200   200    200    403
            POST   /api/v1/files                                401       200   200   200    200    403
            GET    /api/v1/files                                401       200   200   200    200    403
            GET    /api/v1/search                               401       200   200   200    200    403
            GET    /api/v1/files/{id}                           401       200   200   200    200    403
            PATCH  /api/v1/files/{id}                           401       200   200   200    200    403
            DELETE /api/v1/files/{id}                           401       200   200   200    200    403
            GET    /api/v1/files/{id}/content                   401       200   200   200    200    403
            POST   /api/v1/files/{id}/restore                   401       200   200   200    200    403
            GET    /api/v1/admin/dead-letters                   401       403   403   200    200    200
            POST   /api/v1/admin/dead-letters/{id}/replay       401       403   403   200    200    200
            GET    /api/v1/admin/health-checks                  401       403   403   403    403    200
            POST   /api/v1/admin/health-sweeps                  401       403   403   403    403    200
            GET    /api/v1/admin/metrics                        401       403   403   403    403    200
            POST   /api/v1/admin/search-backfill                401       403   403   403    403    200
            GET    /api/v1/admin/maintenance-runs               401       403   403   403    403    200
            GET    /api/v1/admin/backups                        401       403   403   403    403    200
            POST   /api/v1/admin/backups/verify                 401       403   403   403    403    200
            GET    /api/health/live                             200       200   200   200    200    200
            GET    /api/health/ready                            200       200   200   200    200    200
            GET    /api/health/ready/details                    key       key   key   key    key    key
            GET    /api/health/database                         key       key   key   key    key    key
            GET    /api/metrics                                 key       key   key   key    key    key
            """;

    /** The callers of the matrix's columns, in order (null: no Authorization header). */
    private static final List<String> COLUMNS = List.of("anonymous", "userA", "userB", "adminA", "adminB", "operator");
    private static final Map<String, Caller> CALLERS = new LinkedHashMap<>();

    static {
        CALLERS.put("anonymous", null);
        CALLERS.put("userA", Caller.of("alice", "tenant-a", Role.USER));
        CALLERS.put("userB", Caller.of("alice", "tenant-b", Role.USER));
        CALLERS.put("adminA", Caller.of("boss", "tenant-a", Role.TENANT_ADMIN));
        CALLERS.put("adminB", Caller.of("boss", "tenant-b", Role.TENANT_ADMIN));
        CALLERS.put("operator", Caller.of("ops", "operations", Role.OPERATOR));
    }

    private static OpenAPI spec;

    @BeforeAll
    static void loadSpec() {
        Path file = Path.of("../docs/openapi.yaml").toAbsolutePath().normalize();
        assertThat(file).exists();
        spec = new OpenAPIV3Parser().read(file.toUri().toString());
        assertThat(spec).as("docs/openapi.yaml parses").isNotNull();
    }

    /** "METHOD /api/route" → the expected cell per column. */
    private static Map<String, Map<String, String>> matrix() {
        Map<String, Map<String, String>> rows = new TreeMap<>();
        for (String line : MATRIX.strip().split("\n")) {
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            String[] cells = line.strip().split("\\s+");
            assertThat(cells).as(line).hasSize(2 + COLUMNS.size());
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < COLUMNS.size(); i++) {
                row.put(COLUMNS.get(i), cells[2 + i]);
            }
            assertThat(rows.put(cells[0] + " " + cells[1], row)).as("duplicate row " + line).isNull();
        }
        return rows;
    }

    /** "METHOD /api/route" → the operation of the spec. */
    private static Map<String, Operation> specOperations() {
        Map<String, Operation> operations = new TreeMap<>();
        for (Map.Entry<String, PathItem> path : spec.getPaths().entrySet()) {
            path.getValue().readOperationsMap().forEach((method, operation) ->
                    operations.put(method.name().toUpperCase(Locale.ROOT) + " " + path.getKey(), operation));
        }
        return operations;
    }

    /** An HTTP function of the app: its name, auth level and the "METHOD /api/route" keys it serves. */
    record HttpFunction(String name, AuthorizationLevel authLevel, Set<String> operations) {
    }

    /** Every {@code @FunctionName} method with an {@code @HttpTrigger} among the compiled function classes. */
    static Map<String, HttpFunction> httpFunctions() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(AccessRules.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(AccessRules.class.getPackageName().replace('.', '/'));
        Map<String, HttpFunction> functions = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(classes)) {
            files = listing.filter(p -> p.toString().endsWith(".class")).toList();
        }
        for (Path file : files) {
            String simple = file.getFileName().toString().replace(".class", "");
            Class<?> type = Class.forName(AccessRules.class.getPackageName() + "." + simple);
            for (Method method : type.getDeclaredMethods()) {
                FunctionName name = method.getAnnotation(FunctionName.class);
                if (name == null) {
                    continue;
                }
                for (Annotation[] annotations : method.getParameterAnnotations()) {
                    for (Annotation annotation : annotations) {
                        if (annotation instanceof HttpTrigger trigger) {
                            Set<String> operations = new TreeSet<>();
                            String route = "/api/" + trigger.route().replaceAll("\\{(\\w+):[^}]*}", "{$1}");
                            for (HttpMethod httpMethod : trigger.methods()) {
                                operations.add(httpMethod.name() + " " + route);
                            }
                            functions.put(name.value(), new HttpFunction(name.value(), trigger.authLevel(), operations));
                        }
                    }
                }
            }
        }
        return functions;
    }

    /** "METHOD /api/route" → the function serving it. */
    private static Map<String, HttpFunction> byOperation() throws Exception {
        Map<String, HttpFunction> byOperation = new TreeMap<>();
        for (HttpFunction function : httpFunctions().values()) {
            for (String operation : function.operations()) {
                assertThat(byOperation.put(operation, function)).as("two functions serve " + operation).isNull();
            }
        }
        return byOperation;
    }

    /** What is missing between two key sets, both ways, for one readable failure. */
    static List<String> differences(String left, Set<String> leftKeys, String right, Set<String> rightKeys) {
        List<String> problems = new ArrayList<>();
        leftKeys.stream().filter(k -> !rightKeys.contains(k)).forEach(k -> problems.add(k + ": in " + left + ", not in "
                + right));
        rightKeys.stream().filter(k -> !leftKeys.contains(k)).forEach(k -> problems.add(k + ": in " + right + ", not in "
                + left));
        return problems;
    }

    @Test
    void everyRouteOfTheSpec_hasARowInTheMatrix_andAFunction_andEveryFunctionARouteAndAnAccessRule() throws Exception {
        Set<String> specRoutes = specOperations().keySet();
        Map<String, HttpFunction> functions = httpFunctions();
        Set<String> functionRoutes = byOperation().keySet();

        assertThat(differences("docs/openapi.yaml", specRoutes, "the matrix of this test", matrix().keySet()))
                .isEmpty();
        assertThat(differences("docs/openapi.yaml", specRoutes, "the @HttpTrigger functions", functionRoutes))
                .isEmpty();
        assertThat(differences("the @HttpTrigger functions", functions.keySet(), "AccessRules",
                AccessRules.standard().rules().keySet())).isEmpty();
    }

    @Test
    void differences_reportsARouteMissingOnEitherSide() {
        assertThat(differences("spec", Set.of("GET /a", "GET /new"), "matrix", Set.of("GET /a", "GET /old")))
                .containsExactly("GET /new: in spec, not in matrix", "GET /old: in matrix, not in spec");
    }

    @Test
    void theSpecsSecurity_andRoles_sayWhatTheTableDoes() throws Exception {
        Map<String, HttpFunction> functions = byOperation();
        for (Map.Entry<String, Operation> entry : specOperations().entrySet()) {
            HttpFunction function = functions.get(entry.getKey());
            AccessRules.Rule rule = AccessRules.standard().of(function.name());
            List<SecurityRequirement> security = entry.getValue().getSecurity();
            Set<String> schemes = new TreeSet<>();
            if (security != null) {
                security.forEach(requirement -> schemes.addAll(requirement.keySet()));
            }
            Set<String> roles = new TreeSet<>();
            Map<String, Object> extensions = entry.getValue().getExtensions();
            if (extensions != null && extensions.get("x-roles") instanceof List<?> listed) {
                listed.forEach(role -> roles.add(String.valueOf(role)));
            }
            String what = entry.getKey() + " (" + function.name() + ")";

            if (rule instanceof AccessRules.Anonymous) {
                assertThat(security).as(what + " security: [] (no global security either)").isEmpty();
                assertThat(function.authLevel()).as(what).isEqualTo(AuthorizationLevel.ANONYMOUS);
                assertThat(roles).as(what + " x-roles").isEmpty();
            } else if (rule instanceof AccessRules.FunctionKey) {
                assertThat(schemes).as(what + " security").containsExactlyInAnyOrder("functionKey", "functionKeyQuery");
                assertThat(function.authLevel()).as(what).isEqualTo(AuthorizationLevel.FUNCTION);
                assertThat(roles).as(what + " x-roles").isEmpty();
            } else {
                AccessRules.Roles allowed = (AccessRules.Roles) rule;
                assertThat(schemes).as(what + " security").containsExactly("bearerAuth");
                assertThat(function.authLevel()).as(what).isEqualTo(AuthorizationLevel.ANONYMOUS);
                assertThat(roles).as(what + " x-roles").isEqualTo(allowed.allowed().stream()
                        .map(Role::claimValue).collect(Collectors.toCollection(TreeSet::new)));
            }
        }
    }

    static List<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        matrix().forEach((route, row) -> row.forEach((column, expected) -> cells.add(Arguments.of(route, column,
                expected))));
        return cells;
    }

    @ParameterizedTest(name = "{0} as {1} → {2}")
    @MethodSource("cells")
    void route_asCaller_answersWhatTheMatrixSays(String route, String column, String expected) throws Exception {
        HttpFunction function = byOperation().get(route);
        assertThat(function).as("a function serves " + route).isNotNull();
        AccessRules.Rule rule = AccessRules.standard().of(function.name());
        Caller caller = CALLERS.get(column);

        if (expected.equals("key")) {
            assertThat(rule).as(route).isInstanceOf(AccessRules.FunctionKey.class);
            assertThat(function.authLevel()).as(route).isEqualTo(AuthorizationLevel.FUNCTION);
            return;
        }
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1).replace("{id}", "1");
        FakeHttp.RequestBuilder<String> request = FakeHttp.request(HttpMethod.valueOf(method), path);
        if (caller != null) {
            request.header("Authorization", ApiFakes.bearer(caller));
        }
        AtomicReference<Http.Call> seen = new AtomicReference<>();
        FakeHttp.Response response;
        if (rule instanceof AccessRules.Roles) {
            response = FakeHttp.read(ApiFakes.pipeline().run(function.name(), request.build(), FakeHttp.context("i"),
                    call -> {
                        seen.set(call);
                        return Http.Reply.empty(200);
                    }));
        } else {
            var built = request.build();
            response = FakeHttp.read(Http.respond(function.name(), built, FakeHttp.context("i"),
                    () -> Http.json(built, HttpStatus.OK, Map.of("status", "UP"))));
        }

        assertThat(Integer.toString(response.status())).as(route + " as " + column + ": " + response.text())
                .isEqualTo(expected);
        if (expected.equals("200") && rule instanceof AccessRules.Roles) {
            assertThat(seen.get().caller()).isEqualTo(caller);
            assertThat(seen.get().actor().tenantId()).isEqualTo(caller.tenantId());
            assertThat(seen.get().actor().ownerId()).isEqualTo(caller.subject());
        }
    }

    @Test
    void theFormerAdminRole_grantsNothing() {
        FakeHttp.Response response = FakeHttp.read(ApiFakes.pipeline().run(ListDeadLettersHttpFunction.NAME,
                FakeHttp.get("/api/v1/admin/dead-letters").header("Authorization", "Bearer root@t1/admin-token").build(),
                FakeHttp.context("i"), call -> Http.Reply.empty(200)));

        assertThat(response.status()).isEqualTo(403);
    }
}
