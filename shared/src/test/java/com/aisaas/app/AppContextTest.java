package com.aisaas.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.common.DependencyException;
import com.aisaas.config.SettingsException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppContextTest {

    @Test
    void create_readsNoSettingAndBuildsNothing() {
        try (AppContext context = AppContext.create(Map.of())) {
            assertThat(context.databaseBuilt()).isFalse();
            assertThat(context.metrics()).isNotNull();
            assertThat(context.invocations()).isNotNull();
        }
    }

    @Test
    void settings_invalidEnvironment_failsOnFirstUseNamingTheSettings() {
        try (AppContext context = AppContext.create(Map.of("DB_POOL_MAX_SIZE", "0"))) {
            assertThatThrownBy(context::settings)
                    .isInstanceOf(SettingsException.class)
                    .hasMessageContaining("DB_URL is missing")
                    .hasMessageContaining("DB_POOL_MAX_SIZE must be an integer between 1 and 50 (was '0')");
            assertThatThrownBy(context::health).isInstanceOf(SettingsException.class);
        }
    }

    @Test
    void redisAndBlob_whenNotConfigured_areNotRetryableDependencyFailures() {
        try (AppContext context = AppContext.create(Map.of("DB_URL", "jdbc:postgresql://127.0.0.1:1/x", "DB_USER", "u",
                "DB_MAINTENANCE_USER", "m", "DB_MIGRATION_USER", "o"))) {
            assertThatThrownBy(context::redis).isInstanceOfSatisfying(DependencyException.class,
                    e -> assertThat(e.retryable()).isFalse());
            assertThatThrownBy(context::blobStorage).isInstanceOfSatisfying(DependencyException.class,
                    e -> assertThat(e.component()).isEqualTo("blob"));
            assertThat(context.databaseBuilt()).isFalse();
        }
    }

    @Test
    void lazy_retriesAFailedBuildAndThenKeepsTheValue() {
        int[] calls = {0};
        Lazy<String> lazy = new Lazy<>(() -> {
            if (++calls[0] == 1) {
                throw new IllegalStateException("down");
            }
            return "built";
        });

        assertThatThrownBy(lazy::get).hasMessage("down");
        assertThat(lazy.peek()).isNull();
        assertThat(lazy.get()).isEqualTo("built");
        assertThat(lazy.get()).isEqualTo("built");
        assertThat(calls[0]).isEqualTo(2);
    }
}
