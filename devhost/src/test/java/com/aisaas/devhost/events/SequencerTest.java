package com.aisaas.devhost.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequencerTest {

    @Test
    void sequencers_are32HexDigits_increasingAsStrings_acrossInstances() {
        Sequencer first = new Sequencer();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            values.add(first.next());
        }
        String fromALaterRun = new Sequencer().next();
        assertThat(values).allSatisfy(value -> assertThat(value).matches("[0-9A-F]{32}"));
        assertThat(values).isSortedAccordingTo(String::compareTo).doesNotHaveDuplicates();
        assertThat(fromALaterRun.substring(0, 16)).isGreaterThanOrEqualTo(values.get(999).substring(0, 16));
    }
}
