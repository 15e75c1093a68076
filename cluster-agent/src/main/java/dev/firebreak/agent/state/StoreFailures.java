package dev.firebreak.agent.state;

import dev.firebreak.node.http.HttpError;

import java.sql.SQLException;

/** How an API answers a failure of the state store: 503 {@code state_unavailable} while it cannot be reached, else 500. */
public final class StoreFailures {

    private StoreFailures() {
    }

    /**
     * @param whileDown what the caller is told while the store is out of reach (and what still works)
     * @param failed    what did not happen, for any other failure of the store
     */
    public static HttpError asHttp(SQLException e, String whileDown, String failed) {
        if (e instanceof StateUnavailableException) {
            return new HttpError(503, "state_unavailable", whileDown + ": " + e.getMessage());
        }
        return new HttpError(500, "state_store_failed", failed + ": " + e.getMessage());
    }
}
