package dev.firebreak.agent.slo;

import dev.firebreak.agent.access.Access;
import dev.firebreak.agent.api.Role;
import dev.firebreak.node.http.Exchange;
import dev.firebreak.node.http.HttpError;

import java.io.IOException;

/** {@code GET /api/v1/slo}: every model's objectives, compliance, budget left and burn rates. */
public record SloApi(SloBook book, Access access) {

    private static final System.Logger LOG = System.getLogger(SloApi.class.getName());

    public void report(Exchange exchange) throws IOException {
        access.require(exchange, Role.VIEWER);
        try {
            exchange.json(200, book.report());
        } catch (SloLog.SloLogException e) {
            LOG.log(System.Logger.Level.ERROR, "SLO report unavailable: {0}", e.getMessage());
            throw new HttpError(503, "state_unavailable", "the SLO figures cannot be read from the state store: " + e.getMessage());
        }
    }
}
