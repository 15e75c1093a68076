package dev.firebreak.app.settings;

import dev.firebreak.app.connection.ClusterTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsViewModelTest {

    @TempDir
    Path dir;

    @Test
    void shouldStartDarkAndRememberTheThemeChosen() {
        SettingsViewModel model = new SettingsViewModel(new SettingsStore(dir));
        assertThat(model.lightProperty().get()).isFalse();

        model.toggleTheme();

        assertThat(model.lightProperty().get()).isTrue();
        assertThat(new SettingsViewModel(new SettingsStore(dir)).lightProperty().get()).as("saved").isTrue();
    }

    @Test
    void shouldRememberAnAddedAgentWithItsTokenUntilItsTabIsClosed() throws Exception {
        SettingsViewModel model = new SettingsViewModel(new SettingsStore(dir));

        ClusterTarget.Agent agent = model.addAgent(" http://agent:8200 ", " secret ");

        assertThat(agent).isEqualTo(new ClusterTarget.Agent("http://agent:8200", "secret"));
        assertThat(new SettingsViewModel(new SettingsStore(dir)).savedAgents()).containsExactly(agent);
        model.removeAgent(agent.url());
        assertThat(new SettingsViewModel(new SettingsStore(dir)).savedAgents()).isEmpty();
    }

    @Test
    void shouldRefuseWhatIsNotAnAgentAndRememberNothing() {
        SettingsViewModel model = new SettingsViewModel(new SettingsStore(dir));

        assertThatThrownBy(() -> model.addAgent("agent:8200", "secret")).hasMessageContaining("starts with http://");

        assertThat(model.savedAgents()).isEmpty();
        assertThat(model.tokensFile()).isEqualTo(dir.resolve("tokens.properties"));
    }
}
