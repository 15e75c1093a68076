package dev.firebreak.node.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DrainDeadlineTest {

    @Test
    void shouldGiveThirtySecondsWhenTheRequestNamesNone() {
        assertThat(DrainDeadline.ofSeconds(null).seconds()).isEqualTo(30);
        assertThat(new DrainRequest(null).deadline()).isEqualTo(DrainDeadline.DEFAULT);
    }

    @Test
    void shouldEndThatLongAfterTheDrainStarted() {
        assertThat(DrainDeadline.ofSeconds(10L).endsAt(1_000)).isEqualTo(11_000);
        assertThat(DrainDeadline.ofSeconds(0L).endsAt(1_000)).isEqualTo(1_000);
    }

    @Test
    void shouldRefuseANegativeDeadlineOrOneOverAnHour() {
        assertThatThrownBy(() -> DrainDeadline.ofSeconds(-1L)).hasMessage("deadlineSeconds must be between 0 and 3600, got -1");
        assertThatThrownBy(() -> DrainDeadline.ofSeconds(3601L)).hasMessageContaining("got 3601");
        assertThat(DrainDeadline.ofSeconds(3600L).seconds()).isEqualTo(3600);
    }

    @Test
    void shouldTravelAsSecondsInTheRequestBody() {
        assertThat(DrainRequest.of(DrainDeadline.ofSeconds(12L))).isEqualTo(new DrainRequest(12L));
    }
}
