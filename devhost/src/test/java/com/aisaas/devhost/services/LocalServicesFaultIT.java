package com.aisaas.devhost.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A stack of its own: services go away and come back on the same port with the same data. */
class LocalServicesFaultIT {
    private static LocalServices own;

    @BeforeAll
    static void start() {
        own = LocalServices.start(LocalServices.Options.defaults().services(Service.POSTGRES, Service.REDIS));
    }

    @AfterAll
    static void close() {
        if (own != null) {
            own.close();
        }
    }

    @Test
    void redis_stopAndStart_keepsThePort() {
        LocalRedis redis = own.redis();
        int port = redis.port();

        redis.stop();
        assertThat(redis.isRunning()).isFalse();
        assertThat(redis.answersPing()).isFalse();
        assertThat(Ports.accepts(port, 200)).isFalse();

        redis.start();
        assertThat(redis.port()).isEqualTo(port);
        assertThat(redis.answersPing()).isTrue();
    }

    @Test
    void postgres_stopAndStart_keepsThePortAndTheData() throws SQLException {
        LocalPostgres postgres = own.postgres();
        execute(postgres, "create table if not exists survives (id int); insert into survives values (42)");

        postgres.stop();
        assertThat(postgres.isRunning()).isFalse();
        assertThatThrownBy(() -> execute(postgres, "select 1")).isInstanceOf(SQLException.class);

        postgres.start();
        try (Connection connection = connect(postgres);
             ResultSet row = connection.createStatement().executeQuery("select max(id) from survives")) {
            row.next();
            assertThat(row.getInt(1)).isEqualTo(42);
        }
        assertThat(postgres.jdbcUrl()).contains(":" + postgres.port() + "/");
    }

    @Test
    void close_stopsEverythingAndDeletesTemporaryData() {
        LocalServices another = LocalServices.start(LocalServices.Options.defaults().services(Service.REDIS));
        int port = another.redis().port();
        Path data = another.dataDirectory();

        another.close();

        assertThat(Ports.accepts(port, 200)).isFalse();
        assertThat(data).doesNotExist();
        assertThatThrownBy(another::postgres).isInstanceOf(IllegalStateException.class);
    }

    private static void execute(LocalPostgres postgres, String sql) throws SQLException {
        try (Connection connection = connect(postgres)) {
            connection.createStatement().execute(sql);
        }
    }

    private static Connection connect(LocalPostgres postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
    }
}
