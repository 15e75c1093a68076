package dev.firebreak.agent.config;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the tests of the agent's configuration check of a file the loader must refuse. */
public final class ConfigFiles {

    private ConfigFiles() {
    }

    /** Loading {@code file} (with no environment) fails with a {@link ConfigException} whose message holds each of {@code parts}. */
    public static void assertRefused(Path file, String... parts) {
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContainingAll(parts);
    }
}
