package dev.firebreak.agent.incidents;

/** An operator's word on an incident that cannot be taken: unknown, or already acknowledged. */
public final class IncidentException extends RuntimeException {

    private final String code;

    public IncidentException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** Machine-readable: {@code no_such_incident}, {@code already_acknowledged}, {@code invalid_action}. */
    public String code() {
        return code;
    }
}
