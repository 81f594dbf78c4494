package com.aisaas.devhost.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerWatchTest {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private final Sequencer sequencer = new Sequencer();

    private static BlobState blob(String eTag, String tier, long length, OffsetDateTime created, int metadataHash) {
        return new BlobState(eTag, tier, length, "text/plain", "BlockBlob", created, metadataHash, false);
    }

    private static Map<String, BlobState> listing(Object... nameAndState) {
        Map<String, BlobState> listing = new LinkedHashMap<>();
        for (int i = 0; i < nameAndState.length; i += 2) {
            listing.put((String) nameAndState[i], (BlobState) nameAndState[i + 1]);
        }
        return listing;
    }

    @Test
    void withoutSavedState_theFirstListingIsTheBaseline() {
        ContainerWatch watch = new ContainerWatch("c", null);
        assertThat(watch.diff(listing("a", blob("1", "Hot", 1, T0, 0)), sequencer)).isEmpty();
        List<BlobChange> changes = watch.diff(listing("a", blob("1", "Hot", 1, T0, 0), "b", blob("2", "Hot", 2, T0, 0)), sequencer);
        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.kind()).isEqualTo(BlobChange.Kind.CREATED);
            assertThat(change.name()).isEqualTo("b");
        });
    }

    @Test
    void newETag_tierChange_andDisappearance_areCreatedTierChangedAndDeleted() {
        ContainerWatch watch = new ContainerWatch("c", listing("a", blob("1", "Hot", 1, T0, 0), "b", blob("2", "Hot", 2, T0, 0),
                "d", blob("4", "Hot", 4, T0, 0)));
        List<BlobChange> changes = watch.diff(listing("a", blob("9", "Hot", 5, T0.plusSeconds(5), 0), "b", blob("2", "Cool", 2, T0, 0),
                "d", blob("4", "Hot", 4, T0, 0)), sequencer);
        assertThat(changes).extracting(BlobChange::kind, BlobChange::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple(BlobChange.Kind.CREATED, "a"),
                org.assertj.core.groups.Tuple.tuple(BlobChange.Kind.TIER_CHANGED, "b"));
        assertThat(watch.diff(listing("b", blob("2", "Cool", 2, T0, 0), "d", blob("4", "Hot", 4, T0, 0)), sequencer))
                .singleElement().satisfies(change -> {
                    assertThat(change.kind()).isEqualTo(BlobChange.Kind.DELETED);
                    assertThat(change.before().eTag()).isEqualTo("9");
                });
        assertThat(changes.get(0).sequencer()).isLessThan(changes.get(1).sequencer());
    }

    @Test
    void aMetadataOrPropertyUpdate_isNoEvent_butARewriteIs() {
        ContainerWatch watch = new ContainerWatch("c", listing("a", blob("1", "Hot", 3, T0, 0)));
        assertThat(watch.diff(listing("a", blob("2", "Hot", 3, T0, 77)), sequencer)).as("metadata set").isEmpty();
        assertThat(watch.diff(listing("a", blob("3", "Hot", 3, T0.plusSeconds(2), 0)), sequencer)).as("written again, same size")
                .singleElement().extracting(BlobChange::kind).isEqualTo(BlobChange.Kind.CREATED);
        assertThat(watch.diff(listing("a", blob("4", "Hot", 9, T0.plusSeconds(2), 0)), sequencer)).as("written again, same second")
                .singleElement().extracting(BlobChange::kind).isEqualTo(BlobChange.Kind.CREATED);
    }

    @Test
    void onlyAcknowledgedChanges_areSaved_andTheNewestWinsWhenAcknowledgementsCrossOver() {
        ContainerWatch watch = new ContainerWatch("c", listing());
        watch.takeIfDirty();
        BlobChange first = watch.diff(listing("a", blob("1", "Hot", 1, T0, 0)), sequencer).get(0);
        BlobChange second = watch.diff(listing("a", blob("2", "Hot", 2, T0.plusSeconds(1), 0)), sequencer).get(0);
        assertThat(watch.takeIfDirty()).as("nothing delivered yet").isNull();

        watch.acknowledge(second);
        watch.acknowledge(first);

        assertThat(watch.takeIfDirty()).containsOnlyKeys("a").extractingByKey("a").extracting(BlobState::eTag).isEqualTo("2");
        BlobChange deleted = watch.diff(listing(), sequencer).get(0);
        watch.acknowledge(deleted);
        assertThat(watch.takeIfDirty()).isEmpty();
    }

    @Test
    void aStateSavedBeforeARestart_isComparedWithTheFirstListing() {
        Map<String, BlobState> saved = listing("kept", blob("1", "Hot", 1, T0, 0), "gone", blob("2", "Hot", 1, T0, 0));
        ContainerWatch watch = new ContainerWatch("c", saved);
        List<BlobChange> changes = watch.diff(listing("kept", blob("1", "Hot", 1, T0, 0), "new", blob("3", "Hot", 1, T0, 0)), sequencer);
        assertThat(changes).extracting(BlobChange::kind, BlobChange::name).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(BlobChange.Kind.CREATED, "new"),
                org.assertj.core.groups.Tuple.tuple(BlobChange.Kind.DELETED, "gone"));
    }
}
