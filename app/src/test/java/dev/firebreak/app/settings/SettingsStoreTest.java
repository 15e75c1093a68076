package dev.firebreak.app.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsStoreTest {

    @TempDir
    Path dir;

    @Test
    void shouldKeepAgentsAndThemeAcrossRunsAndTokensInAnOwnerOnlyFile() throws Exception {
        SettingsStore store = new SettingsStore(dir.resolve("firebreak"));
        store.save(ConsoleSettings.DEFAULTS.withAgent("http://a:8200").withAgent("http://b:8200").withTheme("light"));
        store.saveToken("http://a:8200", "secret-a");

        SettingsStore again = new SettingsStore(dir.resolve("firebreak"));
        assertThat(again.load().agents()).containsExactly("http://a:8200", "http://b:8200");
        assertThat(again.load().theme()).isEqualTo("light");
        assertThat(again.token("http://a:8200")).contains("secret-a");
        assertThat(again.token("http://b:8200")).isEmpty();
        Path tokens = dir.resolve("firebreak/tokens.properties");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens))).isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("firebreak/console.json"))).doesNotContain("secret-a");
    }

    @Test
    void shouldFallBackToDefaultsWhenTheFileIsDamaged() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("console.json"), "{not json");

        assertThat(new SettingsStore(dir).load()).isEqualTo(ConsoleSettings.DEFAULTS);
    }
}
