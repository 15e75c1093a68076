package dev.firebreak.agent.incidents;

import dev.firebreak.agent.api.Incident;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where incidents are kept, beside the audit log: the one copy every agent sharing the store works on.
 * At most one incident per subject (a node, or a model) is live at a time, whichever agent raised it;
 * each change is applied to the stored incident under a lock on its row, so two agents' changes never
 * overwrite each other.
 */
public interface IncidentLog extends AutoCloseable {

    /**
     * Applies {@code change} to the live incident about {@code subject}, or to {@code fresh} stored as
     * that live incident when there is none. Of several agents raising the same subject at the same
     * moment, one stores its {@code fresh}; the others' changes join it.
     */
    SharedIncident raise(String subject, SharedIncident fresh, UnaryOperator<SharedIncident> change)
            throws IncidentLogException;

    /** Applies {@code change} to the live incident {@code id}; empty when no live incident has that id. */
    Optional<SharedIncident> update(String id, UnaryOperator<SharedIncident> change) throws IncidentLogException;

    /** The incident {@code id}, live or ended. */
    Optional<Incident> find(String id) throws IncidentLogException;

    /** The newest incidents first, at most {@code limit}. */
    List<Incident> recent(int limit) throws IncidentLogException;

    /** Every incident not yet resolved, oldest first. */
    List<SharedIncident> live() throws IncidentLogException;

    @Override
    void close() throws IncidentLogException;

    /** The log could not be read or written. */
    final class IncidentLogException extends Exception {
        public IncidentLogException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
