package dev.firebreak.agent.state;

import java.sql.SQLException;

/** The state store cannot be reached now; nothing was written. The agent keeps routing on what it knew. */
public final class StateUnavailableException extends SQLException {

    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
