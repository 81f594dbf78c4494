package com.aisaas.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.common.ConflictException;
import com.aisaas.common.DependencyException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {

    @Test
    void isTransient_connectionFailoverSerializationAndDeadlock_areTransient() {
        for (String state : new String[] {"08001", "08006", "08003", "57P01", "57P02", "57P03", "40001", "40P01"}) {
            assertThat(SqlErrors.isTransient(new SQLException("x", state))).as(state).isTrue();
        }
    }

    @Test
    void isTransient_constraintAndSyntaxErrors_areNot() {
        for (String state : new String[] {"23505", "42601", "42P01", "22001"}) {
            assertThat(SqlErrors.isTransient(new SQLException("x", state))).as(state).isFalse();
        }
        assertThat(SqlErrors.isTransient(new IllegalStateException("x"))).isFalse();
    }

    @Test
    void isTransient_looksThroughCausesForRefusedConnectionsAndPoolTimeouts() {
        SQLException hikari = new SQLTransientConnectionException("pool timed out", null,
                new SQLException("Connection refused", "08001", new ConnectException("refused")));
        assertThat(SqlErrors.isTransient(hikari)).isTrue();
        assertThat(SqlErrors.isTransient(new RuntimeException(new ConnectException("refused")))).isTrue();
    }

    @Test
    void isTransient_commitWithUnknownOutcome_isNotRetried() {
        assertThat(SqlErrors.isTransient(new SqlErrors.CommitOutcomeUnknown(new SQLException("io", "08006")))).isFalse();
    }

    @Test
    void translate_uniqueViolationIsConflict_transientIsRetryableDependency_otherIsNot() {
        assertThat(SqlErrors.translate(new SQLException("dup", "23505"), "insert")).isInstanceOf(ConflictException.class);

        RuntimeException transientFailure = SqlErrors.translate(new SQLException("gone", "57P01"), "tx");
        assertThat(transientFailure).isInstanceOfSatisfying(DependencyException.class, e -> {
            assertThat(e.component()).isEqualTo("postgres");
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("SQLState 57P01");
        });

        RuntimeException permanent = SqlErrors.translate(new SQLException("bad", "42601"), "tx");
        assertThat(permanent).isInstanceOfSatisfying(DependencyException.class, e -> assertThat(e.retryable()).isFalse());
    }
}
