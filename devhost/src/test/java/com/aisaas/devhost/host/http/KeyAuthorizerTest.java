package com.aisaas.devhost.host.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyAuthorizerTest {

    private final KeyAuthorizer keys = new KeyAuthorizer("fk", "mk");

    @Test
    void anonymous_needsNoKey() {
        assertThat(keys.allows(AuthLevel.ANONYMOUS, null)).isTrue();
    }

    @Test
    void function_acceptsEitherKey_only() {
        assertThat(keys.allows(AuthLevel.FUNCTION, "fk")).isTrue();
        assertThat(keys.allows(AuthLevel.FUNCTION, "mk")).isTrue();
        assertThat(keys.allows(AuthLevel.FUNCTION, "FK")).isFalse();
        assertThat(keys.allows(AuthLevel.FUNCTION, "fk ")).isFalse();
        assertThat(keys.allows(AuthLevel.FUNCTION, "")).isFalse();
        assertThat(keys.allows(AuthLevel.FUNCTION, null)).isFalse();
    }

    @Test
    void admin_acceptsOnlyTheMasterKey() {
        assertThat(keys.allows(AuthLevel.ADMIN, "mk")).isTrue();
        assertThat(keys.allows(AuthLevel.ADMIN, "fk")).isFalse();
    }

    @Test
    void unsetKeys_neverMatch() {
        KeyAuthorizer none = new KeyAuthorizer(null, " ");
        assertThat(none.hasAnyKey()).isFalse();
        assertThat(none.allows(AuthLevel.FUNCTION, " ")).isFalse();
        assertThat(none.allows(AuthLevel.ADMIN, "")).isFalse();
    }

    @Test
    void authLevel_parsesCaseInsensitively_withFunctionAsDefault() {
        assertThat(AuthLevel.parse("anonymous")).isEqualTo(AuthLevel.ANONYMOUS);
        assertThat(AuthLevel.parse("Admin")).isEqualTo(AuthLevel.ADMIN);
        assertThat(AuthLevel.parse(null)).isEqualTo(AuthLevel.FUNCTION);
    }
}
