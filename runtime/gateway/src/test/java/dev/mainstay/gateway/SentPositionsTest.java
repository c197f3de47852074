package dev.mainstay.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SentPositionsTest {

    @Test
    void floor_risesAsGapsFill_andEachPositionIsAddedOnce() {
        SentPositions sent = new SentPositions();
        assertThat(sent.add(1)).isTrue();
        assertThat(sent.add(3)).isTrue();
        assertThat(sent.add(4)).isTrue();
        assertThat(sent.floor()).as("2 is still missing").isEqualTo(1);
        assertThat(sent.pending()).isEqualTo(2);
        assertThat(sent.add(3)).isFalse();
        assertThat(sent.contains(2)).isFalse();
        assertThat(sent.add(2)).isTrue();
        assertThat(sent.floor()).isEqualTo(4);
        assertThat(sent.pending()).isZero();
        assertThat(sent.add(1)).as("below the floor").isFalse();
        assertThat(sent.contains(4)).isTrue();
        assertThat(sent.contains(5)).isFalse();
    }
}
