package dev.firebreak.agent.incidents;

import dev.firebreak.agent.access.Access;
import dev.firebreak.agent.api.Role;
import dev.firebreak.node.http.Exchange;

import java.io.IOException;

/** {@code GET /api/v1/incidents?limit=}: live incidents first, then the newest first. */
public final class IncidentsApi {

    private final Incidents incidents;
    private final Access access;

    public IncidentsApi(Incidents incidents, Access access) {
        this.incidents = incidents;
        this.access = access;
    }

    public void list(Exchange exchange) throws IOException {
        access.require(exchange, Role.VIEWER);
        int limit = exchange.limitParam(100, 1000);
        exchange.json(200, incidents.list(limit));
    }
}
