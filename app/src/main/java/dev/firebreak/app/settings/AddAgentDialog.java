package dev.firebreak.app.settings;

import dev.firebreak.app.connection.ClusterTarget;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/** Ctrl+N: asks for an agent's URL and token, and remembers them. */
public final class AddAgentDialog {

    private AddAgentDialog() {
    }

    /**
     * The agent added, or empty if the operator cancelled or gave something that is not one.
     *
     * @param refused gets why an agent was not added
     */
    public static Optional<ClusterTarget.Agent> ask(Window owner, SettingsViewModel settings, Consumer<String> refused) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Add an agent");
        TextField url = new TextField();
        url.setPromptText("http://agent.example.internal:8200");
        PasswordField token = new PasswordField();
        token.setPromptText("operator or viewer token");
        GridPane form = new GridPane(8, 8);
        form.addRow(0, new Label("Agent URL"), url);
        form.addRow(1, new Label("Token"), token);
        form.add(new Label("The token is kept in " + settings.tokensFile() + ", readable by you only."), 0, 2, 2, 1);
        dialog.getDialogPane().setContent(form);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, ButtonType.OK);
        if (dialog.showAndWait().filter(b -> b == ButtonType.OK).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(settings.addAgent(url.getText(), token.getText()));
        } catch (IllegalArgumentException | IOException e) {
            refused.accept("Agent not added: " + e.getMessage());
            return Optional.empty();
        }
    }
}
