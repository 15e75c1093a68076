package dev.firebreak.node.registry;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelRegistryTest {

    @Test
    void shouldKeepModelsInTheOrderGiven() {
        ModelRegistry registry = ModelRegistry.of(List.of("tiny-code", "tiny-chat"));

        assertThat(registry.names()).containsExactly("tiny-code", "tiny-chat");
        assertThat(registry.statuses()).extracting(s -> s.model()).containsExactly("tiny-code", "tiny-chat");
    }

    @Test
    void shouldRejectAnEmptyList() {
        assertThatThrownBy(() -> ModelRegistry.of(List.of())).hasMessageContaining("at least one model");
    }

    @Test
    void shouldRejectARepeatedModelNamingIt() {
        assertThatThrownBy(() -> ModelRegistry.of(List.of("a", "a"))).hasMessageContaining("'a' is listed twice");
    }

    @Test
    void shouldRejectAMalformedNameNamingIt() {
        assertThatThrownBy(() -> ModelRegistry.of(List.of("bad name"))).hasMessageContaining("'bad name'");
    }

    @Test
    void shouldCountOutcomesIntoTheStatus() {
        ModelRegistry registry = ModelRegistry.of(List.of("m"));
        registry.find("m").orElseThrow().countOutcome("stop");
        registry.find("m").orElseThrow().countOutcome("stop");

        assertThat(registry.statuses().getFirst().requestsByOutcome()).containsEntry("stop", 2L);
    }

    @Test
    void shouldNotBeReadyWhileAModelRefusesAdmission() {
        ModelRegistry registry = ModelRegistry.of(List.of("a", "b"));
        registry.find("b").orElseThrow().setAdmissionOpen(false);

        assertThat(registry.allAdmitting()).isFalse();
    }
}
