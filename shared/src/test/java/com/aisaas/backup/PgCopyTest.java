package com.aisaas.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PgCopyTest {

    @Test
    void dependencyOrder_putsReferencedTablesFirst_thenByName_andSurvivesCycles() {
        Set<String> names = Set.of("audit_log", "files", "shares", "comments", "a", "b");
        Map<String, Set<String>> references = Map.of(
                "audit_log", Set.of("shares"), "shares", Set.of("files"), "comments", Set.of("files", "shares"),
                "a", Set.of("b"), "b", Set.of("a"));

        assertThat(PgCopy.dependencyOrder(names, references))
                .containsExactly("b", "a", "files", "shares", "audit_log", "comments");
    }

    @Test
    void copyStatements_quoteEveryIdentifier() {
        assertThat(PgCopy.copyOut("public", "files", List.of("id", "odd\"name"), false))
                .isEqualTo("COPY \"public\".\"files\" (\"id\", \"odd\"\"name\") TO STDOUT");
        assertThat(PgCopy.copyOut("public", "events", List.of("id"), true))
                .isEqualTo("COPY (SELECT \"id\" FROM \"public\".\"events\") TO STDOUT");
        assertThat(PgCopy.copyIn("backup_verify_x", "files", List.of("id")))
                .isEqualTo("COPY \"backup_verify_x\".\"files\" (\"id\") FROM STDIN");
    }
}
