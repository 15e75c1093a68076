package dev.firebreak.app.settings;

import java.util.List;

/**
 * What the console remembers between runs: the agents it watches and the theme. Tokens are kept
 * apart, in a file only the user can read (see {@link SettingsStore}).
 *
 * @param agents agent URLs, in the order of their tabs
 * @param theme "dark" or "light"
 */
public record ConsoleSettings(List<String> agents, String theme) {

    public static final ConsoleSettings DEFAULTS = new ConsoleSettings(List.of(), "dark");

    public ConsoleSettings {
        agents = agents == null ? List.of() : List.copyOf(agents);
        theme = "light".equals(theme) ? "light" : "dark";
    }

    public ConsoleSettings withAgent(String url) {
        if (agents.contains(url)) {
            return this;
        }
        List<String> more = new java.util.ArrayList<>(agents);
        more.add(url);
        return new ConsoleSettings(more, theme);
    }

    public ConsoleSettings withoutAgent(String url) {
        return new ConsoleSettings(agents.stream().filter(a -> !a.equals(url)).toList(), theme);
    }

    public ConsoleSettings withTheme(String newTheme) {
        return new ConsoleSettings(agents, newTheme);
    }
}
