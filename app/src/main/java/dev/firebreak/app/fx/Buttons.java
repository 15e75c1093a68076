package dev.firebreak.app.fx;

import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;

/** Action buttons that say why they cannot be used. */
public final class Buttons {

    private Buttons() {
    }

    /** Disables {@code buttons} with {@code reason} as their tooltip; a {@code null} reason enables them, without one. */
    public static void unavailableFor(String reason, Button... buttons) {
        for (Button button : buttons) {
            button.setDisable(reason != null);
            Tooltip shown = button.getTooltip();
            if (reason == null) {
                button.setTooltip(null);
            } else if (shown == null || !reason.equals(shown.getText())) {
                // A live table refreshes its buttons every second: a new tooltip each time would be installed anew each time.
                button.setTooltip(new Tooltip(reason));
            }
        }
    }
}
