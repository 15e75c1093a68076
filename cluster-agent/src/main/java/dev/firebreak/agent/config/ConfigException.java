package dev.firebreak.agent.config;

/** The agent's configuration cannot be used; the message names the file and what is wrong. */
public final class ConfigException extends Exception {

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
