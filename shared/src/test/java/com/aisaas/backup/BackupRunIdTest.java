package com.aisaas.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackupRunIdTest {

    @Test
    void next_encodesTheStartTime_andSortsByTime() {
        BackupRunId earlier = BackupRunId.next(Instant.parse("2026-11-21T02:00:00.123Z"));
        BackupRunId later = BackupRunId.next(Instant.parse("2026-11-21T02:00:00.124Z"));

        assertThat(earlier.value()).matches("20261121T020000123Z-[0-9a-f]{6}");
        assertThat(earlier.startedAt()).isEqualTo(Instant.parse("2026-11-21T02:00:00.123Z"));
        assertThat(earlier).isLessThan(later);
        assertThat(earlier.identifier("backup_verify_")).matches("backup_verify_20261121t020000123z_[0-9a-f]{6}");
    }

    @Test
    void constructor_refusesAnythingElse() {
        assertThatThrownBy(() -> new BackupRunId("../20261121T020000123Z-3f9a1c"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackupRunId("20261399T020000123Z-3f9a1c"))
                .hasMessageContaining("bad time");
        assertThat(BackupRunId.tryParse("lost+found")).isEmpty();
        assertThat(BackupRunId.tryParse("20261121T020000123Z-3f9a1c")).isPresent();
    }
}
