package dev.firebreak.agent.client;

import java.io.IOException;

/** An agent answered with an error; carries its HTTP status and machine-readable code. */
public final class AgentException extends IOException {

    private final int status;
    private final String code;

    public AgentException(int status, String code, String message) {
        super(message + " (HTTP " + status + ", " + code + ")");
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
