package dev.firebreak.app.connection;

/** The state of the console's link to its agent. */
public sealed interface Link {

    /** The console is starting its own local cluster. */
    record StartingLocalCluster(int nodes) implements Link {
    }

    /** Opening the stream, not yet answered. */
    record Connecting(String agentUrl) implements Link {
    }

    /** The stream is open. */
    record Connected(String agentUrl) implements Link {
    }

    /** The stream broke at {@code sinceMillis} and has not come back; the console keeps retrying. */
    record Disconnected(String agentUrl, String reason, long sinceMillis) implements Link {
    }

    /** Nothing to connect to: the local cluster could not start. */
    record Failed(String reason) implements Link {
    }
}
