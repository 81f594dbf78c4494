package com.aisaas.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    @Test
    void user_isScopedToTheirTenant_andIsNeitherTenantWideNorCrossTenant() {
        Caller user = Caller.of("alice", "t1", Role.USER);

        assertThat(user.tenantWide()).isFalse();
        assertThat(user.crossTenant()).isFalse();
        assertThat(user.tenantFilter()).contains("t1");
    }

    @Test
    void tenantAdmin_isTenantWide_withinTheirOwnTenant() {
        Caller admin = Caller.of("boss", "t1", Role.TENANT_ADMIN, Role.USER);

        assertThat(admin.tenantWide()).isTrue();
        assertThat(admin.crossTenant()).isFalse();
        assertThat(admin.tenantFilter()).contains("t1");
    }

    @Test
    void operator_isCrossTenant_withoutATenantFilter() {
        Caller operator = Caller.of("ops", "operations", Role.OPERATOR);

        assertThat(operator.tenantWide()).isTrue();
        assertThat(operator.crossTenant()).isTrue();
        assertThat(operator.tenantFilter()).isEmpty();
    }

    @Test
    void aCallerWithoutRoles_cannotExist() {
        assertThatThrownBy(() -> new Caller("a", "t", Set.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
