package dev.firebreak.app.settings;

import dev.firebreak.app.connection.ClusterTarget;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the console remembers between runs, as JavaFX state: the theme, and the agents whose tabs
 * open at start with their tokens. Saved at each change; a file that cannot be written is said in
 * the log and the console goes on. FX thread only.
 */
public final class SettingsViewModel {

    private static final System.Logger LOG = System.getLogger(SettingsViewModel.class.getName());

    private final SettingsStore store;
    private final ReadOnlyBooleanWrapper light = new ReadOnlyBooleanWrapper();
    private ConsoleSettings settings;

    public SettingsViewModel(SettingsStore store) {
        this.store = store;
        this.settings = store.load();
        light.set(settings.theme().equals("light"));
    }

    /** True for the light theme, false for the dark one (the default). */
    public ReadOnlyBooleanProperty lightProperty() {
        return light.getReadOnlyProperty();
    }

    public void toggleTheme() {
        save(settings.withTheme(light.get() ? "dark" : "light"));
        light.set(settings.theme().equals("light"));
    }

    /** The saved agents that have a saved token, in tab order; one without is skipped and said in the log. */
    public List<ClusterTarget.Agent> savedAgents() {
        List<ClusterTarget.Agent> saved = new ArrayList<>();
        for (String url : settings.agents()) {
            try {
                store.token(url).ifPresentOrElse(token -> saved.add(new ClusterTarget.Agent(url, token)),
                        () -> LOG.log(System.Logger.Level.WARNING, "agent={0} has no saved token; skipped", url));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "token file unreadable: {0}", e.getMessage());
            }
        }
        return saved;
    }

    /**
     * Remembers an agent and its token.
     *
     * @throws IllegalArgumentException if the URL or token is not one, with a message for the operator
     * @throws IOException if the token cannot be saved
     */
    public ClusterTarget.Agent addAgent(String url, String token) throws IOException {
        ClusterTarget.Agent agent = new ClusterTarget.Agent(url.trim(), token.trim());
        store.saveToken(agent.url(), agent.token());
        save(settings.withAgent(agent.url()));
        return agent;
    }

    /** Forgets an agent whose tab was closed. */
    public void removeAgent(String url) {
        save(settings.withoutAgent(url));
    }

    /** Where the tokens are kept, to tell the operator. */
    public Path tokensFile() {
        return store.directory().resolve("tokens.properties");
    }

    private void save(ConsoleSettings newSettings) {
        settings = newSettings;
        try {
            store.save(newSettings);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "settings not saved to {0}: {1}", store.directory(), e.getMessage());
        }
    }
}
