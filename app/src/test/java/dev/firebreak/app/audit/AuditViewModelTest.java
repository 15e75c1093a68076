package dev.firebreak.app.audit;

import dev.firebreak.agent.api.AuditEntry;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AuditViewModelTest {

    private final AuditViewModel model = new AuditViewModel();

    private static AuditEntry entry(long id) {
        return new AuditEntry(id, id * 1000, "ops", "OPERATOR", "console", "DRAIN", "node-1", "{}", "SERVING", "APPLIED",
                "drained", "test", "key-" + id);
    }

    @Test
    void shouldShowTheNewestEntriesAndNotRedrawTheSameOnes() {
        model.apply(List.of(entry(2), entry(1)));
        List<Object> changes = new ArrayList<>();
        model.entries().addListener((ListChangeListener<AuditEntry>) changes::add);

        model.apply(List.of(entry(2), entry(1)));
        assertThat(changes).isEmpty();

        model.apply(List.of(entry(3), entry(2), entry(1)));
        assertThat(model.entries()).extracting(AuditEntry::id).containsExactly(3L, 2L, 1L);
    }
}
