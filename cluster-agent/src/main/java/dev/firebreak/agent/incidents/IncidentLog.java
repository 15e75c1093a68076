package dev.firebreak.agent.incidents;

import dev.firebreak.agent.api.Incident;

import java.util.List;

/** Where incidents are kept, beside the audit log, so a restarted agent (or another replica) knows them. */
public interface IncidentLog extends AutoCloseable {

    /** Writes the incident as it is now, replacing what was stored under its id. */
    void save(Incident incident) throws IncidentLogException;

    /** The newest incidents first, at most {@code limit}. */
    List<Incident> recent(int limit) throws IncidentLogException;

    /** Every incident not yet resolved. */
    List<Incident> live() throws IncidentLogException;

    @Override
    void close() throws IncidentLogException;

    /** The log could not be read or written. */
    final class IncidentLogException extends Exception {
        public IncidentLogException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
