package com.aisaas.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.common.DependencyException;
import com.aisaas.config.SettingsException;
import com.aisaas.db.Database;
import com.aisaas.testing.TestServices;
import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The composition root against the real local services. */
class AppContextIT {

    @Test
    void clients_areBuiltOnceEvenUnderConcurrentFirstUse_andClosedWithTheContext() throws Exception {
        AppContext context = AppContext.create(TestServices.appEnvironment("context_it"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Database database;
        try {
            List<Callable<Database>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(context::database);
            }
            List<Database> seen = new ArrayList<>();
            for (Future<Database> future : pool.invokeAll(calls)) {
                seen.add(future.get());
            }
            database = seen.get(0);
            assertThat(seen).allSatisfy(d -> assertThat(d).isSameAs(seen.get(0)));
            assertThat(context.redis()).isSameAs(context.redis());
            assertThat(context.blobStorage()).isSameAs(context.blobStorage());
            context.redis().ping();
        } finally {
            pool.shutdownNow();
            context.close();
        }
        assertThat(((HikariDataSource) database.dataSource()).isClosed()).isTrue();
    }

    @Test
    void settings_malformedValues_failWithOneMessageNamingEach() {
        Map<String, String> env = TestServices.appEnvironment("context_it");
        env.put("DB_POOL_MAX_SIZE", "many");
        env.put("REDIS_TIMEOUT_MS", "-1");
        env.put("APP_ENVIRONMENT", "staging");
        try (AppContext context = AppContext.create(env)) {
            assertThatThrownBy(context::database)
                    .isInstanceOf(SettingsException.class)
                    .hasMessageContaining("Invalid settings (3 problems)")
                    .hasMessageContaining("DB_POOL_MAX_SIZE")
                    .hasMessageContaining("REDIS_TIMEOUT_MS")
                    .hasMessageContaining("APP_ENVIRONMENT must be one of local|azure (was 'staging')");
            assertThat(context.databaseBuilt()).isFalse();
        }
    }

    @Test
    void database_unreachableAtFirstUse_isRetriedOnTheNextCall() {
        Map<String, String> env = TestServices.appEnvironment("context_it");
        env.put("DB_URL", "jdbc:postgresql://127.0.0.1:" + TestServices.closedPort() + "/aisaas");
        env.put("DB_CONNECTION_TIMEOUT_MS", "300");
        env.put("DB_RETRY_MAX_ATTEMPTS", "2");
        try (AppContext context = AppContext.create(env)) {
            assertThatThrownBy(context::database).isInstanceOfSatisfying(DependencyException.class,
                    e -> assertThat(e.retryable()).isTrue());
            assertThat(context.databaseBuilt()).isFalse();
            assertThatThrownBy(context::database).isInstanceOf(DependencyException.class);
        }
    }
}
