package dev.firebreak.app.fx;

import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;

/** Labels whose text follows a view model's property. */
public final class Labels {

    private Labels() {
    }

    /** A label with {@code id} (for tests and the style sheet) and {@code styleClass}, showing {@code text}. */
    public static Label bound(String id, String styleClass, ObservableValue<String> text) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add(styleClass);
        label.textProperty().bind(text);
        return label;
    }
}
