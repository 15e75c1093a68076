package dev.firebreak.agent.state;

import java.io.IOException;

/** The state store cannot be opened at start; the message is one line naming the setting, for the operator. */
public final class StateStartException extends IOException {

    public StateStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
