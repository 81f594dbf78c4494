package com.aisaas.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.common.DependencyException;
import com.aisaas.common.Scope;
import com.aisaas.db.Database;
import com.aisaas.db.RowSecurity;
import com.aisaas.testing.MutableClock;
import com.aisaas.testing.TestServices;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The outbox against real PostgreSQL, as the runtime role (writers) and the maintenance role (the relay). */
class OutboxIT {

    private static final Scope SCOPE = new Scope("tenant-o", "owner-o");
    private static Database runtime;
    private static Database maintenance;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final List<DomainEvent> delivered = new CopyOnWriteArrayList<>();
    private final AtomicBoolean down = new AtomicBoolean();
    private final EventPublisher destination = event -> {
        if (down.get()) {
            throw new DependencyException("redis", true, "connection refused");
        }
        delivered.add(event);
    };

    @BeforeAll
    static void start() {
        String url = TestServices.freshDatabase("outbox_it");
        runtime = TestServices.runtimeDatabase(url);
        maintenance = TestServices.maintenanceDatabase(url);
    }

    @AfterAll
    static void close() {
        maintenance.close();
        runtime.close();
    }

    @Test
    void anEventNotDeliveredWithItsChange_isDeliveredByTheRelay_once() {
        Outbox outbox = new Outbox(runtime, destination, clock);
        DomainEvent event = append();
        down.set(true);

        assertThat(outbox.deliverNow(SCOPE, event)).isFalse();
        assertThat(outbox.relay(maintenance, 100).failed()).isPositive();
        down.set(false);
        outbox.relay(maintenance, 100);
        assertThat(delivered).as("backing off after the failed try").extracting(DomainEvent::id)
                .doesNotContain(event.id());
        clock.advance(Duration.ofSeconds(2));
        outbox.relay(maintenance, 100);
        outbox.relay(maintenance, 100);

        assertThat(delivered).extracting(DomainEvent::id).containsOnlyOnce(event.id());
        DomainEvent relayed = delivered.stream().filter(e -> e.id().equals(event.id())).findFirst().orElseThrow();
        assertThat(relayed.data()).containsEntry("n", 1);
        assertThat(relayed.subject()).isEqualTo(event.subject());
    }

    @Test
    void anEventDeliveredWithItsChange_isMarked_andNotRelayed() {
        Outbox outbox = new Outbox(runtime, destination, clock);
        DomainEvent event = append();

        assertThat(outbox.deliverNow(SCOPE, event)).isTrue();
        outbox.relay(maintenance, 100); // may deliver what other tests left, never this one again

        assertThat(delivered).extracting(DomainEvent::id).containsOnlyOnce(event.id());
    }

    @Test
    void anEventWhoseChangeRolledBack_isNeverDelivered() {
        Outbox outbox = new Outbox(runtime, destination, clock);
        DomainEvent event = new DomainEvent(UUID.randomUUID().toString(), "AISaaS.Test.Happened", "files/x",
                clock.instant(), Map.of("n", 1));
        try {
            runtime.inTransaction(connection -> {
                RowSecurity.actAs(connection, SCOPE);
                Outbox.append(connection, SCOPE, event);
                throw new IllegalStateException("the change failed");
            });
        } catch (IllegalStateException expected) {
            // rolled back with the change
        }

        assertThat(outbox.relay(maintenance, 100).delivered()).isZero();
        assertThat(delivered).isEmpty();
    }

    @Test
    void theRuntimeRole_seesOnlyItsScopesEvents() throws Exception {
        append();
        int visible = runtime.inTransaction(connection -> {
            RowSecurity.actAs(connection, new Scope("tenant-other", SCOPE.ownerId()));
            return count(connection);
        });
        assertThat(visible).isZero();
    }

    private DomainEvent append() {
        DomainEvent event = new DomainEvent(UUID.randomUUID().toString(), "AISaaS.Test.Happened",
                "files/" + UUID.randomUUID(), clock.instant(), Map.of("n", 1));
        runtime.inTransaction(connection -> {
            RowSecurity.actAs(connection, SCOPE);
            Outbox.append(connection, SCOPE, event);
            return null;
        });
        return event;
    }

    private static int count(Connection connection) throws java.sql.SQLException {
        try (ResultSet rs = connection.createStatement().executeQuery("select count(*) from outbox")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
