package dev.firebreak.agent.incidents;

import dev.firebreak.agent.access.Access;
import dev.firebreak.agent.api.Role;
import dev.firebreak.node.http.Exchange;
import dev.firebreak.node.http.HttpError;

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
        int limit = exchange.queryParam("limit").map(IncidentsApi::limit).orElse(100);
        exchange.json(200, incidents.list(limit));
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= 1000) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw HttpError.badRequest("invalid_limit", "limit must be 1-1000, got '" + text + "'");
    }
}
