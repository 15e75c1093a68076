package dev.firebreak.app.fx;

import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
import dev.firebreak.app.testing.Windows;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static dev.firebreak.app.testing.Fx.drawnTexts;
import static dev.firebreak.app.testing.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;

/** A live text cell shows its line's newest text, and ends a text too wide for its column in an ellipsis. */
class TextCellTest {

    @AutoClose
    private final Windows windows = new Windows();

    @Test
    void shouldFollowTheLineAndEndATextTooWideInAnEllipsis() throws Exception {
        LiveRows<String, String> lines = new LiveRows<>(s -> "one");
        TableView<LiveRow<String>> table = onFx(() -> {
            TableView<LiveRow<String>> t = new TableView<>();
            Tables.liveSortable(t, lines);
            t.setFixedCellSize(30);
            TableColumn<LiveRow<String>, LiveRow<String>> column = Columns.liveText("Text", Function.identity(), 80);
            column.setMaxWidth(80);
            t.getColumns().add(column);
            t.getColumns().add(Columns.liveText("Rest", s -> "", 200));
            windows.show(t, 400, 200);
            lines.update(List.of("short"));
            t.layout();
            return t;
        });
        assertThat(onFx(() -> drawnTexts(table))).contains("short");

        List<String> shown = onFx(() -> {
            lines.update(List.of("a figure far too long for a column of eighty pixels"));
            table.layout();
            return drawnTexts(table);
        });

        assertThat(shown).noneMatch(t -> t.startsWith("a figure far too long for a column"))
                .anyMatch(t -> t.startsWith("a fig") && t.endsWith("…"));
    }

}
