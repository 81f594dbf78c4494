package com.aisaas.devhost.events;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The watcher's state for one container. {@code observed} is the last listing (what the next listing is compared with);
 * {@code acknowledged} is what has been delivered (or dead-lettered) for every subscription, and is what gets saved:
 * after a restart the first listing is compared with it, so changes whose events were not delivered yet are emitted
 * again, and nothing else. Acknowledgements may arrive out of order; the sequencer decides which one is newer.
 */
final class ContainerWatch {

    private final String container;
    private Map<String, BlobState> observed;
    private final Map<String, Acked> acknowledged = new HashMap<>();
    /** Changes emitted and not yet acknowledged, per blob. */
    private final Map<String, Integer> inFlight = new HashMap<>();
    private boolean dirty;

    private record Acked(BlobState state, String sequencer) {
    }

    /** @param saved the saved state, or null when none exists (the first listing is then the baseline: no events) */
    ContainerWatch(String container, Map<String, BlobState> saved) {
        this.container = container;
        if (saved != null) {
            this.observed = new LinkedHashMap<>(saved);
            saved.forEach((name, state) -> acknowledged.put(name, new Acked(state, "")));
        }
    }

    String container() {
        return container;
    }

    /** Compares a listing with the previous one; the first listing without a saved state only becomes the baseline. */
    synchronized List<BlobChange> diff(Map<String, BlobState> listing, Sequencer sequencer) {
        List<BlobChange> changes = new ArrayList<>();
        if (observed == null) {
            observed = new LinkedHashMap<>(listing);
            listing.forEach((name, state) -> acknowledged.put(name, new Acked(state, "")));
            dirty = true;
            return changes;
        }
        for (Map.Entry<String, BlobState> entry : listing.entrySet()) {
            BlobState before = observed.get(entry.getKey());
            BlobState after = entry.getValue();
            if (before == null || after.isNewVersionOf(before)) {
                changes.add(new BlobChange(BlobChange.Kind.CREATED, container, entry.getKey(), before, after, sequencer.next()));
            } else if (after.accessTier() != null && before.accessTier() != null && !after.accessTier().equals(before.accessTier())) {
                changes.add(new BlobChange(BlobChange.Kind.TIER_CHANGED, container, entry.getKey(), before, after, sequencer.next()));
            } else if (!after.equals(before) && !inFlight.containsKey(entry.getKey())) {
                // A property or metadata update: no event (as in Azure), but remember the new state — unless an event for
                // this blob is still under way, whose acknowledgement will record a state again.
                Acked current = acknowledged.get(entry.getKey());
                acknowledged.put(entry.getKey(), new Acked(after, current == null ? "" : current.sequencer()));
                dirty = true;
            }
        }
        for (Map.Entry<String, BlobState> entry : observed.entrySet()) {
            if (!listing.containsKey(entry.getKey())) {
                changes.add(new BlobChange(BlobChange.Kind.DELETED, container, entry.getKey(), entry.getValue(), null, sequencer.next()));
            }
        }
        for (BlobChange change : changes) {
            inFlight.merge(change.name(), 1, Integer::sum);
        }
        observed = new LinkedHashMap<>(listing);
        return changes;
    }

    /** Every subscription is done with {@code change} (delivered or dead-lettered). */
    synchronized void acknowledge(BlobChange change) {
        inFlight.computeIfPresent(change.name(), (name, count) -> count > 1 ? count - 1 : null);
        Acked current = acknowledged.get(change.name());
        if (current != null && current.sequencer().compareTo(change.sequencer()) > 0) {
            return;
        }
        acknowledged.put(change.name(), new Acked(change.after(), change.sequencer()));
        dirty = true;
    }

    /** The acknowledged state to save, and whether it changed since the last call. */
    synchronized Map<String, BlobState> takeIfDirty() {
        if (!dirty) {
            return null;
        }
        dirty = false;
        Map<String, BlobState> state = new LinkedHashMap<>();
        acknowledged.forEach((name, acked) -> {
            if (acked.state() != null) {
                state.put(name, acked.state());
            }
        });
        return state;
    }

    synchronized void markDirty() {
        dirty = true;
    }

    synchronized int size() {
        return observed == null ? 0 : observed.size();
    }

    @Override
    public String toString() {
        return "ContainerWatch[" + Objects.toString(container) + "]";
    }
}
