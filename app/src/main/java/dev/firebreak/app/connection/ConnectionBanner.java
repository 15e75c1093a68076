package dev.firebreak.app.connection;

import dev.firebreak.app.fx.Labels;
import dev.firebreak.app.fx.StyleClasses;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The strip at the top that says at once whether the figures are live. */
public final class ConnectionBanner extends HBox {

    public ConnectionBanner(ConnectionViewModel model) {
        setId("connection-banner");
        getStyleClass().add("connection-banner");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(16);
        setPadding(new Insets(8, 16, 8, 16));

        Label message = Labels.bound("connection-message", "connection-message", model.messageProperty());
        Label detail = Labels.bound("connection-detail", "connection-detail", model.detailProperty());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        getChildren().addAll(message, spacer, detail);

        model.severityProperty().subscribe(severity -> {
            StyleClasses.choose(this, c -> c.startsWith("severity-"), "severity-" + severity.name().toLowerCase());
        });
    }
}
